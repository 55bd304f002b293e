# Arabic opening hours on the 24-hour clock used by every notice in Slovenia ("13:30"), not a
# 12-hour time with ص/م that the Slovenian numbers beside it do not use.
TIME_FORMAT = "H:i"
