from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path

from meedoen.audit.admin import AuditedModelAdmin
from meedoen.districts.forms import PostcodeImportForm
from meedoen.districts.models import District, DistrictGroup, Kern, Municipality, PostcodeArea
from meedoen.districts.services import PostcodeImportError, import_postcode_table
from meedoen.form_data import posted, posted_files


@admin.register(Municipality)
class MunicipalityAdmin(AuditedModelAdmin):
    list_display = ["name", "cbs_code"]


@admin.register(DistrictGroup)
class DistrictGroupAdmin(AuditedModelAdmin):
    list_display = ["name", "municipality"]
    prepopulated_fields = {"slug": ["name"]}


class KernInline(admin.TabularInline):
    model = Kern
    extra = 0


@admin.register(District)
class DistrictAdmin(AuditedModelAdmin):
    list_display = ["number", "name", "kind", "group", "cbs_code", "verified"]
    list_filter = ["kind", "group", "verified"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [KernInline]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(AuditedModelAdmin):
    list_display = ["postcode_from", "postcode_to", "district"]
    list_filter = ["district"]
    search_fields = ["postcode_from", "postcode_to"]
    change_list_template = "admin/districts/postcodearea/change_list.html"

    def get_urls(self):
        return [
            path(
                "importeren/",
                self.admin_site.admin_view(self.import_view),
                name="districts_postcodearea_import",
            )
        ] + super().get_urls()

    def import_view(self, request):
        form = PostcodeImportForm(posted(request), posted_files(request))
        if request.method == "POST" and form.is_valid():
            try:
                count = import_postcode_table(
                    form.cleaned_data["text"], form.cleaned_data["municipality"], actor=request.user
                )
            except PostcodeImportError as exc:
                for problem in exc.problems:
                    form.add_error("file", str(problem))
            else:
                messages.success(request, f"{count} postcodegebieden geïmporteerd.")
                return redirect("admin:districts_postcodearea_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Postcodetabel importeren",
        }
        return render(request, "admin/districts/postcodearea/import.html", context)
