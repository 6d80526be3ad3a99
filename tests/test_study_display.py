"""The study modules' displayed tables and figures: headers, captions, fixed uuids."""

from __future__ import annotations

import pytest

from kzgov.study import economic_effect, ppp_projects, survey_tabulation


def test_survey_style_table_names_table_group_and_sample():
    cs = survey_tabulation.load_responses("civil_servants")
    t = survey_tabulation.reproduce_table(cs)
    st = survey_tabulation.style_table(t, cs, confidence=0.9, uuid="u3")
    assert list(st.data.columns) == [
        "question", "option", "printed", "published (%)", "count (respondents)", "n (respondents)",
        "recomputed (%)", "difference (pp)", "Wilson low (share)", "Wilson high (share)",
        "Goodman low (share)", "Goodman high (share)"]
    assert st.caption.startswith(f"Table 3 (civil servants, n = {len(cs)}): ")
    assert st.caption.endswith("(reconstruction), with 90% intervals of each share")
    assert st.uuid == "u3"
    assert 'id="T_u3"' in st.to_html()


def test_figure16_increments_style_heads_the_count_column():
    st = economic_effect.figure16_increments_style(value="reviews (count)", caption="c", uuid="u")
    assert list(st.data.columns) == ["month", "reviews (count)", "months since previous",
                                     "growth (count per month)", "growth (% per month)"]
    assert st.data["reviews (count)"].tolist() == economic_effect.figure16_increments()["value"].tolist()
    assert (st.caption, st.uuid) == ("c", "u")


@pytest.mark.parametrize("plot", ["plot_region_counts", "plot_status_shares", "plot_crosscheck"])
def test_ppp_plots_carry_a_source_caption(plot):
    import matplotlib.pyplot as plt

    fig = getattr(ppp_projects, plot)()
    try:
        assert any(t.get_text().startswith("Source") for t in fig.texts)
    finally:
        plt.close(fig)


def test_investment_models_style_has_readable_headers():
    from kzgov import panel
    from kzgov.study import regional_correlation as rc

    P = panel.build_panel(years=range(2015, 2024))
    models = rc.fit_investment_models(rc.investment_frame(P), outcomes=["grp_pc_growth"])
    st = rc.investment_models_style(models, caption="c", uuid="u")
    assert {"β", "SE", "95% CI low", "95% CI high", "p", "territories (count)",
            "observations (count)", "R² within"} <= set(st.data.columns)
    assert len(st.data) == len(rc.investment_models_table(models))
    assert (st.caption, st.uuid) == ("c", "u")
