"""One seaborn theme for every figure, and captions that name their data source.

matplotlib and seaborn are imported inside the functions, never at ``import kzgov``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["caption", "set_theme"]

_PALETTE = "colorblind"


def set_theme() -> None:
    """Apply the compendium's seaborn theme (white grid, colour-blind palette, 100 dpi).

    Also fixes matplotlib's hash salt so SVG/PNG output is reproducible.
    """
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(context="notebook", style="whitegrid", palette=_PALETTE)
    mpl.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.figsize": (8, 4.5),
            "svg.hashsalt": "kzgov",
            "axes.titleweight": "bold",
        }
    )


def caption(fig: Any, text: str) -> None:
    """Put ``text`` (the data source) under figure ``fig`` as a caption."""
    fig.text(0.01, -0.02, text, ha="left", va="top", fontsize=8, color="0.35", wrap=True)
