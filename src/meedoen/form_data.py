"""What a view binds its form to.

``request.POST or None`` leaves a form unbound when the POST body is empty — a submitted form
whose checkboxes are all off, or a form sent empty — so it shows no errors and saves nothing.
Binding on the method instead makes every submit count.
"""


def posted(request):
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None
