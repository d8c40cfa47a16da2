from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value, digits=1):
    """0.0312 -> '3,1%' (Dutch decimal comma via the active locale)."""
    if value is None or value == "":
        return "–"
    return f"{number_format(float(value) * 100, int(digits))}%"


@register.filter
def decimal(value, digits=3):
    if value is None or value == "":
        return "–"
    return number_format(float(value), int(digits))
