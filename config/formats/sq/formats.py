# Albanian opening hours on the 24-hour clock ("09:00–13:00"), as Albania writes them, not Django's
# "9.00.AM".
TIME_FORMAT = "H:i"
DATE_FORMAT = "j F Y"
