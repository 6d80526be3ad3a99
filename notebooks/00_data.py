# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kzgov
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
#   kzgov:
#     parameters: kzgov.study.data_inventory:PARAMETERS
# ---

# %% tags=["parameters"]
# Show only the resources of one kind: "transcription", "external",
# "reconstruction", "template", or None for all of them.
kind = None

# %% [markdown]
# # Appendix: the data package
#
# This notebook is the compendium's data appendix. It reproduces no table of the study;
# it lists every file the other notebooks read, so that each number can be traced to a file,
# its source and its licence. It reads `data/raw/datapackage.json` (a Frictionless Data
# Package built from `data/meta/resources/*.json`) and every file it describes.
#
# Each file has a **kind**:
#
# * `transcription`: numbers printed in the study (Abdullayev, Kadyrova & Ydyrys 2025,
#   *Emerging Science Journal* 9(3), doi:10.28991/ESJ-2025-09-03-017, CC BY 4.0), one file per
#   table or figure, with the value verbatim as printed (`printed`) and normalised (`value`);
# * `external`: real data copied byte for byte from its source, with its provenance;
# * `reconstruction`: data determined by published numbers, labelled as such, not observed;
# * `template`: a layout for your own files.

# %% tags=["nbval-check-output"]
from kzgov import data, datapackage
from kzgov.study import data_inventory as study

study.PARAMETERS.validate(globals())  # the declared domains of the parameters above
problems = datapackage.check()
print("\n".join(problems) if problems else "datapackage.json is valid: every file is described and every sha256 matches")

# %% [markdown]
# ## Counts by kind
#
# Every file's sha256 is checked against the package and every table is loaded through the
# pandera schema built from its Table Schema; `verified` counts the files that passed both.
# (Sizes in bytes are in the table of hashes below.)

# %% tags=["nbval-check-output"]
table = datapackage.inventory(kind=kind)
summary = datapackage.summary(table)
(summary.drop(columns="bytes")
 .rename(columns={"resources": "files (count)", "tables": "tables (count)", "rows": "rows (count)",
                  "verified": "verified (count)"})
 .style.hide(axis="index").format(thousands=",", na_rep="—")
 .set_caption("Files of the data package by kind: files, tables among them, their rows, and files "
              "whose sha256 and schema checks passed")
 .set_uuid("nb00-kinds"))

# %% [markdown]
# ## Every raw file: kind, source, licence, size
#
# `location_in_paper` names the table or figure of the study a transcription comes from.

# %% tags=["nbval-check-output"]
(table[["name", "kind", "path", "rows", "verified"]]
 .rename(columns={"rows": "rows (count)"})
 .style.hide(axis="index").format(thousands=",", precision=0, na_rep="—")
 .set_caption("Every raw file: its kind, path, rows (tables only) and whether its sha256 and "
              "schema checks passed")
 .set_uuid("nb00-files"))

# %%
table[["name", "title", "source", "source_url", "location_in_paper", "license"]]

# %% [markdown]
# ## Units
#
# Every numeric field of a table carries its unit in the schema; the loaders put them in
# `df.attrs["units"]`, and the notebooks print them next to each value.

# %%
units = datapackage.fields(kind=kind)
units[units["unit"] != ""]

# %% [markdown]
# ## Hashes
#
# The sha256 of each file, as recorded in `datapackage.json` and verified above. Every report
# of `kzgov reproduce` ends with the hashes of the files that notebook read.

# %%
table[["path", "bytes", "sha256"]]

# %% [markdown]
# ## Output
#
# `data/processed/data_package.csv`: one row per raw file, with the columns shown above.

# %% tags=["nbval-check-output"]
print(data.write_processed("data_package.csv", table).name)
