from aftersales.documents import checks, fonts


def test_missing_cjk_font_fails_loudly(monkeypatch):
    monkeypatch.setattr(fonts, "cjk_font_files", lambda: [])
    errors = checks.check_cjk_font(None)
    assert [e.id for e in errors] == ["documents.E001"]
    assert "fonts-noto-cjk" in errors[0].hint


def test_installed_cjk_font_passes():
    assert fonts.cjk_font_files(), "this machine has fonts-noto-cjk (make deps)"
    assert checks.check_cjk_font(None) == []


def test_check_is_registered():
    from django.core.checks import registry

    assert checks.check_cjk_font in registry.registry.get_checks()


def test_print_font_is_cut_down_from_the_system_font():
    faces = fonts.print_fonts()
    assert set(faces) == {400, 700}
    for path in faces.values():
        assert path.exists() and path.stat().st_size < 4_000_000
    assert "Print Sans SC" in fonts.font_face_css()
