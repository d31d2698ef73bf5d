"""Chinese in plots renders with real glyphs."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from course import plotting  # noqa: E402

TEXT = "客服询单转化率（每日）—— 花卉知六"


def test_drawing_a_chinese_title_emits_no_missing_glyph_warning(tmp_path):
    plotting.setup()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.set_title(TEXT)
        ax.set_xlabel("日期")
        ax.plot([1, 2], [-1, 1])
        fig.savefig(tmp_path / "chart.png")
        plt.close(fig)
    glyph_warnings = [str(w.message) for w in caught if "Glyph" in str(w.message)
                      or "missing from font" in str(w.message)]
    assert glyph_warnings == []


def test_the_chosen_font_has_every_character_of_the_title():
    family = plotting.setup()
    path = font_manager.findfont(font_manager.FontProperties(family=family),
                                 fallback_to_default=False)
    font = FT2Font(path)
    missing = [ch for ch in TEXT if ch.strip() and font.get_char_index(ord(ch)) == 0]
    assert missing == []


def test_bundled_font_is_available_without_a_system_font():
    path = plotting.bundled_font_path()
    assert path is not None and path.stat().st_size > 1_000_000


def test_without_a_system_cjk_font_the_bundled_font_draws_chinese(monkeypatch, tmp_path):
    # A machine without any CJK font: hide the system's from matplotlib's font list.
    manager = font_manager.fontManager
    monkeypatch.setattr(manager, "ttflist", [
        f for f in manager.ttflist
        if "CJK" not in f.name and f.name not in plotting.SYSTEM_CJK_FAMILIES])
    font_manager.FontManager._findfont_cached.cache_clear()
    plotting._font_family.cache_clear()
    try:
        family = plotting.chinese_font()
        path = font_manager.findfont(font_manager.FontProperties(family=family),
                                     fallback_to_default=False)
        assert path == str(plotting.bundled_font_path())
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig, ax = plt.subplots()
            ax.set_title(TEXT)
            fig.savefig(tmp_path / "bundled.png")
            plt.close(fig)
        assert [w for w in caught if "Glyph" in str(w.message)] == []
    finally:
        font_manager.FontManager._findfont_cached.cache_clear()
        plotting._font_family.cache_clear()


def test_setup_restores_the_chinese_font_after_rcparams_were_reset(tmp_path):
    import matplotlib

    plotting.setup()
    matplotlib.rcdefaults()
    plotting.setup()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.set_title(TEXT)
        fig.savefig(tmp_path / "again.png")
        plt.close(fig)
    assert [w for w in caught if "Glyph" in str(w.message)] == []
