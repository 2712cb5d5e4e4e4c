"""System checks of the printed documents (the HarfBuzz subsetter check is aftersales.E001)."""

from django.core.checks import Error, register

from . import fonts


@register()
def check_cjk_font(app_configs, **kwargs):
    if not fonts.cjk_font_files():
        return [
            Error(
                "No Chinese font found by fontconfig (fc-list :lang=zh is empty): receipts would print "
                "Chinese as empty boxes.",
                hint="apt-get install fonts-noto-cjk (make deps does it), then fc-cache -f.",
                id="documents.E001",
            )
        ]
    return []
