"""Write the packaged survey reconstructions (data/raw/reconstructions/survey_*.csv).

Each file has one row per respondent whose marginals reproduce Table 3 (civil servants,
n=80) or Table 4 (entrepreneurs, n=60) exactly. The pairing of answers across questions is
random (seed kzgov.study.survey_tabulation.RECONSTRUCTION_SEED) and carries no information.

Run from the project root, then rebuild the data package:

    python scripts/make_survey_reconstruction.py
    python -c "from kzgov import datapackage as d; d.build(); print(d.check())"
"""

from __future__ import annotations

from kzgov import paths, survey
from kzgov.study import survey_tabulation as study


def main() -> None:
    for group in study.GROUPS:
        published = study.load_published(group)
        n = study.stated_n(group)
        frame = survey.reconstruct_responses(
            published, n=n, seed=study.RECONSTRUCTION_SEED, group=group
        )
        dest = paths.raw_dir() / "reconstructions" / f"survey_{group}.csv"
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            dest.chmod(0o644)
        dest.write_text(frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
        print(
            f"{paths.display_path(dest)}: {len(frame)} respondents, seed {study.RECONSTRUCTION_SEED}"
        )


if __name__ == "__main__":
    main()
