"""What a browser would submit, unchanged, for forms and formsets rendered on a page."""


def submitted(forms=(), formsets=()):
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = str(value) if not hasattr(value, "strftime") else value.strftime("%H:%M")

    for form in forms:
        add(form)
    for formset in formsets:
        add(formset.management_form)
        for form in formset:
            add(form)
    return data


def edit_page_data(response):
    """The provider edit page (/manage/programmes/<slug>/edit/) as submitted unchanged."""
    return submitted([response.context["form"]], [response.context["contacts"], response.context["hours"]])


def admin_page_data(response):
    """An admin change page with its inlines as submitted unchanged."""
    formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
    return submitted([response.context["adminform"].form], formsets)
