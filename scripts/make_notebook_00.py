"""Build notebooks/00_data.ipynb (the data appendix) with nbformat.

Run, then execute it in place:  kzgov notebooks --only 00_data
"""

from __future__ import annotations

from nbbuild import CHECK, code, md, write

cells = [
    code(
        """
# Show only the resources of one kind: "transcription", "external",
# "reconstruction", "template", or None for all of them.
kind = None
""",
        ["parameters"],
    ),
    md(
        """
# Appendix: the data package

This notebook is the compendium's data appendix. It reproduces no table of the study;
it lists every file the other notebooks read, so that each number can be traced to a file,
its source and its licence. It reads `data/raw/datapackage.json` (a Frictionless Data
Package built from `data/meta/resources/*.json`) and every file it describes.

Each file has a **kind**:

* `transcription`: numbers printed in the study (Abdullayev, Kadyrova & Ydyrys 2025,
  *Emerging Science Journal* 9(3), doi:10.28991/ESJ-2025-09-03-017, CC BY 4.0), one file per
  table or figure, with the value verbatim as printed (`printed`) and normalised (`value`);
* `external`: real data copied byte for byte from its source, with its provenance;
* `reconstruction`: data determined by published numbers, labelled as such, not observed;
* `template`: a layout for your own files.
"""
    ),
    code(
        """
from kzgov import data, datapackage

problems = datapackage.check()
print("\\n".join(problems) if problems else "datapackage.json is valid: every file is described and every sha256 matches")
""",
        CHECK,
    ),
    md(
        """
## Counts by kind

Every file's sha256 is checked against the package and every table is loaded through the
pandera schema built from its Table Schema; `verified` counts the files that passed both.
(Sizes in bytes are in the table of hashes below.)
"""
    ),
    code(
        """
table = datapackage.inventory(kind=kind)
summary = datapackage.summary(table)
print(summary.drop(columns="bytes").to_string(index=False))
""",
        CHECK,
    ),
    md(
        """
## Every raw file: kind, source, licence, size

`location_in_paper` names the table or figure of the study a transcription comes from.
"""
    ),
    code(
        """
print(table[["name", "kind", "path", "rows", "verified"]].to_string(index=False))
""",
        CHECK,
    ),
    code(
        """
table[["name", "title", "source", "source_url", "location_in_paper", "license"]]
"""
    ),
    md(
        """
## Units

Every numeric field of a table carries its unit in the schema; the loaders put them in
`df.attrs["units"]`, and the notebooks print them next to each value.
"""
    ),
    code(
        """
units = datapackage.fields(kind=kind)
units[units["unit"] != ""]
"""
    ),
    md(
        """
## Hashes

The sha256 of each file, as recorded in `datapackage.json` and verified above. Every report
of `kzgov reproduce` ends with the hashes of the files that notebook read.
"""
    ),
    code(
        """
table[["path", "bytes", "sha256"]]
"""
    ),
    md(
        """
## Output

`data/processed/data_package.csv`: one row per raw file, with the columns shown above.
"""
    ),
    code(
        """
print(data.write_processed("data_package.csv", table).name)
""",
        CHECK,
    ),
]

write(cells, "00_data", domains="kzgov.datapackage:parameter_domains", id_prefix="data")
