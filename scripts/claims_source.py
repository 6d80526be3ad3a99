"""The claims ledger as typed rows; writes data/raw/paper/claims.csv.

Kept as a script so that the transcription is reviewable in one place. Every row quotes the
study verbatim (`reported`) and gives the line of the plain-text rendition of the article in
which it is printed (`line`), with the section, table or figure (`location`).
Run: python scripts/claims_source.py   (then `kzgov datapackage build`).
"""
import csv
from pathlib import Path

T3 = [  # (question, printed shares) Table 3, civil servants
    (1, "20%; 40%; 20%; 20%", 310), (2, "10%; 35%; 10%; 20%; 25%", 314), (3, "40%; 35%; 25%", 319),
    (4, "35%; 25%; 30%; 10%", 322), (5, "40%; 10%; 45%; 5%", 326), (6, "30%; 25%; 20%; 25%", 330),
    (7, "55%; 20%; 10%; 5%; 10%", 335), (8, "40%; 10%; 25%; 25%", 340),
]
T4 = [
    (1, "35%; 25%; 20%; 20%", 360), (2, "30%; 20%; 20%; 30%", 364), (3, "20%; 20%; 40%; 20%", 368),
    (4, "40%; 30%; 10%; 20%", 372), (5, "20%; 35%; 25%; 20%", 377), (6, "20%; 40%; 10%; 30%", 381),
    (7, "40%; 20%; 10%; 30%", 385), (8, "20%; 30%; 30%; 20%", 389), (9, "30%; 40%; 10%; 20%", 393),
]

S2 = "Section 2 (Research Methodology)"
S3 = "Section 3 (Results and Discussion)"
ROWS = [
    # id, location, claim, reported, reported_value, unit, line
    ("M01", S2, "a survey of civil servants was carried out, encompassing 80 respondents", "80", 80, "respondents", 299),
    ("M02", S2, "The study sampled 60 entrepreneurs from various industries", "60", 60, "respondents", 353),
    ("M03", S2, "The survey was carried out over a period of two months", "two months", 2, "months", 355),
    ("M04", S2, "Approximately 75% of respondents completed the survey online", "75%", 75, "%", 355),
    ("M05", S2, "the remaining 25% participated in in-person surveys", "25%", 25, "%", 355),
    ("M06", S2, "A Spearman's correlation coefficient of 0.7 indicates a strong positive correlation between strategic goals and operational objectives", "0.7", 0.7, "Spearman rho", 347),
    ("M07", S2, "a Spearman's correlation coefficient of -0.25 signifies a weak negative correlation between respondents' preferences for different project management methodologies", "-0.25", -0.25, "Spearman rho", 349),
    ("M08", S2, "a Spearman's correlation coefficient of -0.4 reflects a weak negative correlation between the challenges encountered by respondents", "-0.4", -0.4, "Spearman rho", 351),
    ("M09", S2, "The study relied on official reports ... and statistical bulletins published over the past five years", "five years", 5, "years", 289),
]
for q, printed, line in T3:
    ROWS.append((f"T3Q{q}", f"Table 3, question {q}", f"Shares of civil servants (n=80) for each option of question {q}", printed, 100, "% (sum of printed shares)", line))
for q, printed, line in T4:
    ROWS.append((f"T4Q{q}", f"Table 4, question {q}", f"Shares of entrepreneurs (n=60) for each option of question {q}", printed, 100, "% (sum of printed shares)", line))
ROWS += [
    ("R01", S3, "the Concept for the Development of Local Self-Government until 2025, which was signed by the President ... on August 18, 2021", "August 18, 2021", 2021, "year", 460),
    ("F4a", "Figure 4 (text)", "the largest number of projects was carried out from 2015-2023 in the East Kazakhstan region – 265 projects", "265", 265, "projects", 513),
    ("F4b", "Figure 4 (text)", "in the Turkistan region – 189 projects", "189", 189, "projects", 513),
    ("F4c", "Figure 4 (text)", "in Astana – 28", "28", 28, "projects", 513),
    ("F4d", "Figure 4 (text)", "in Shymkent – 191", "191", 191, "projects", 513),
    ("F4e", "Figure 4 (text)", "and Abai region – 114", "114", 114, "projects", 513),
    ("F6a", "Figure 6 (text)", "98% of projects are implemented at the local level", "98%", 98, "%", 529),
    ("F6b", "Figure 6 (text)", "and only 2% at the national level", "2%", 2, "%", 529),
    ("F7a", "Figure 7 (text)", "4% of the total number of projects from 2015-2023 are planned", "4%", 4, "%", 538),
    ("F7b", "Figure 7 (text)", "and 56% are being implemented", "56%", 56, "%", 538),
    ("F7c", "Figure 7 (text)", "Ongoing projects account for 56% of the total", "56%", 56, "%", 538),
    ("F7d", "Figure 7 (text)", "The terminated projects account for 7%", "7%", 7, "%", 538),
    ("F7e", "Figure 7 (text)", "Projects that have expired account for 24%", "24%", 24, "%", 538),
    ("F7f", "Figure 7 (text)", "Projects currently in the competition stage account for 9%", "9%", 9, "%", 538),
    ("F8a", "Figure 8 (text)", "the largest number of concluded contracts falls on 2018", "2018", 2018, "year", 545),
    ("F8b", "Figure 8 (text)", "the smallest number is observed from 2022 to 2023", "2022 to 2023", 2022, "year", 545),
    ("F8c", "Figure 8 (text)", "the minimum amount for the analyzed period was 300.20 in 2018", "300.20", 300.20, "not stated", 547),
    ("F8d", "Figure 8 (text)", "the maximum amount was also recorded in 2018 and amounted to 510,967,322.00", "510,967,322.00", 510967322.00, "not stated", 547),
    ("R02", S3, "The Turkestan region was established in 2018", "2018", 2018, "year", 549),
    ("B01", "Section 3, lead-in to Table 5", "Let's consider the regional budget of the Turkestan region for 2024-2026, thousand tenge (Table 5)", "thousand tenge", None, "unit", 555),
    ("B02", "Table 5", "Income", "79 113.1", 79113.1, "million tenge", 559),
    ("B03", "Section 3, text under Table 5", "tax revenues, which amount to KZT 4,270.0 million", "4,270.0", 4270.0, "million tenge", 573),
    ("B04", "Section 3, text under Table 5", "non-tax revenues at the level of KZT 1,161.1 million", "1,161.1", 1161.1, "million tenge", 573),
    ("B05", "Section 3, text under Table 5", "income from the sale of fixed assets in the amount of 35.0 million tenge", "35.0", 35.0, "million tenge", 573),
    ("B06", "Section 3, text under Table 5", "significant transfers, which reach 73,647.0 million tenge", "73,647.0", 73647.0, "million tenge", 573),
    ("B07", "Table 5", "Expenses", "76 500.0", 76500.0, "million tenge", 564),
    ("B08", "Table 5", "Net budget lending", "1 000.0", 1000.0, "million tenge", 565),
    ("B09", "Table 5", "Balance of operations with financial assets", "1 000.0", 1000.0, "million tenge", 568),
    ("B10", "Table 5", "Budget deficit", "2 613.1", 2613.1, "million tenge", 570),
    ("B11", "Table 5", "Financing the budget deficit", "2 613,1", 2613.1, "million tenge", 571),
    ("B12", "Section 3, text under Table 5", "The regional budget of the Turkestan region for 2024 provides for a total revenue of 79 113.1 million tenge", "79 113.1", 79113.1, "million tenge", 573),
    ("B13", "Section 3, revenue dynamics", "in 2022 the volume of revenue was 97,303.2 million tenge", "97,303.2", 97303.2, "million tenge", 575),
    ("B14", "Section 3, revenue dynamics", "in 2023 it decreased to 89,116.1 million tenge", "89,116.1", 89116.1, "million tenge", 575),
    ("B15", "Section 3, revenue dynamics", "the fulfillment of tax revenues exceeds the plan by 4.6%", "4.6%", 4.6, "%", 579),
    ("B16", "Section 3, revenue dynamics", "the income from the sale of capital reached 35 million tenge", "35", 35, "million tenge", 581),
    ("B17", "Section 3, revenue dynamics", "total revenue in 2024 decreased by 11.2% compared to 2023", "11.2%", -11.2, "% change", 585),
    ("B18", "Section 3, revenue dynamics", "This decrease is primarily due to a decrease in transfers", "decrease in transfers", None, "", 585),
    ("B19", "Figure 9 (text)", "In 2022, expenses amounted to 87,907 million tenge", "87,907", 87907, "million tenge", 594),
    ("B20", "Figure 9 (text)", "in 2023 they decreased to 84,414.2 million tenge", "84,414.2", 84414.2, "million tenge", 594),
    ("B21", "Figure 9 (text)", "in 2024 they are planned to reach 52,965.1 million tenge", "52,965.1", 52965.1, "million tenge", 594),
    ("B22", "Figure 9 (text)", "This decrease of more than 30,000 million tenge between 2023 and 2024", "more than 30,000", 30000, "million tenge", 594),
    ("B23", "Figure 10 (text)", "the largest part of the funds is allocated to the social sphere ... 41,364.5 million tenge", "41,364.5", 41364.5, "million tenge", 605),
    ("B24", "Figure 10 (text)", "housing and communal services, with a volume of 3,763.7 million tenge", "3,763.7", 3763.7, "million tenge", 605),
    ("B25", "Figure 10 (text)", "The third place ... agriculture, forestry and fisheries, as well as environmental protection with a budget of 2,788.6 million tenge", "2,788.6", 2788.6, "million tenge", 605),
    ("B26", "Figure 10 (text)", "1,395.6 million tenge has been allocated for the protection of public order and security", "1,395.6", 1395.6, "million tenge", 605),
    ("B27", "Figure 10 (text)", "Only 233.7 million tenge is allocated for transport and communications", "233.7", 233.7, "million tenge", 605),
    ("B28", "Figure 10 (text)", "Industry and construction received minimal financing — 28.6 million tenge", "28.6", 28.6, "million tenge", 605),
    ("B29", "Figure 10 (text)", "341.9 million tenge was allocated for general public services", "341.9", 341.9, "million tenge", 605),
    ("B30", "Figure 10 (text)", "The third place in terms of financing is occupied by the sector of agriculture, forestry and fisheries", "third place", 3, "rank", 605),
    ("B31", "Figure 11 (text)", "The budget for education is 39,665.2 million tenge, which makes it the largest item of expenditure in this category", "39,665.2", 39665.2, "million tenge", 616),
    ("B32", "Figure 11 (text)", "Social assistance and protection ... with a funding volume of 707.0 million tenge", "707.0", 707.0, "million tenge", 618),
    ("B33", "Figure 11 (text)", "Expenditures on culture, sports and tourism amount to 951.8 million tenge", "951.8", 951.8, "million tenge", 620),
    ("B34", "Figure 11 (text)", "Only 25.9 million tenge has been allocated for healthcare, which is significantly less than in other categories", "25.9", 25.9, "million tenge", 622),
    ("B35", "Figure 12 (text)", "the regional authorities actively invested in the social sphere in 2022-2023, which made it possible to achieve maximum budget values. In 2024, despite some reduction", "2022-2023", None, "", 633),
    ("B36", "Figure 13 (text)", "actual expenditures are slightly behind the plan for the beginning of the year", "slightly behind the plan", None, "", 642),
    ("S01", S3 + ", survey discussion", "Most of the respondents highly appreciate the effectiveness of cooperation with the private sector in the framework of PPP", "Most of the respondents", None, "%", 646),
    ("S02", S3 + ", survey discussion", "The need for additional financial resources for the successful implementation of projects was noted by a significant number of respondents", "a significant number of respondents", None, "%", 650),
    ("S03", S3 + ", survey discussion", "Government officials are more optimistic about the government's actions in supporting businesses through PPP projects, while entrepreneurs see shortcomings", "more optimistic", None, "", 669),
    ("C01", S3 + ", Table 6 (text)", "social spending has a strong relationship with the volume of transfers (correlation coefficient 0.93)", "0.93", 0.93, "Pearson r", 678),
    ("C02", S3 + ", Table 6 (text)", "and the level of socio-economic development (0.90)", "0.90", 0.90, "Pearson r", 678),
    ("C03", S3 + ", Table 6 (text)", "The moderate correlation (0.68) between local budget revenues and socio-economic development", "0.68", 0.68, "Pearson r", 678),
    ("C04", S3 + ", Table 6 (text)", "projects at the local level show a weak connection with other parameters", "weak connection", None, "Pearson r", 678),
    ("C05", "Table 6", "Correlation analysis: a 7×7 correlation matrix of regional variables (number of observations not stated)", "Table 6", None, "", 680),
    ("C06", S3 + ", after Table 6", "The high correlation between transfers and socio-economic development (0.93)", "0.93", 0.93, "Pearson r", 699),
    ("C07", S3 + ", after Table 6", "A study of projects in the regions has shown that Turkestan and East Kazakhstan regions are leading in the number of initiatives being implemented", "leading", 2, "rank (top two)", 693),
    ("C08", S3 + ", after Table 6", "In some regions, such as Turkestan and East Kazakhstan, transfers account for more than 70% of local budget revenues (Turkestan)", "more than 70%", 70, "% of revenues", 695),
    ("C09", S3 + ", after Table 6", "In some regions, such as Turkestan and East Kazakhstan, transfers account for more than 70% of local budget revenues (East Kazakhstan)", "more than 70%", 70, "% of revenues", 695),
    ("C10", S3 + ", after Table 6", "Up to 98% of all projects are implemented at the local level", "98%", 98, "%", 701),
    ("C11", S3 + ", after Table 6", "Turkestan and East Kazakhstan regions show the best results in terms of the number and quality of implemented programs", "best results", 2, "rank (top two)", 701),
    ("P01", S3 + ", platform, Table 7", "Development dates: 1 year", "1 year", 12, "months", 736),
    ("P02", S3 + ", platform", "Payback period: 2-3 years by optimizing budgets, reducing errors and speeding up project implementation", "2-3 years", 3, "years (upper bound)", 738),
    ("P03", "Figure 15 (text)", "accumulated savings ... starting from $0 million in the first year", "$0 million", 0, "million USD", 772),
    ("P04", "Figure 15 (text)", "it increases to $2 million in the second year", "$2 million", 2, "million USD", 772),
    ("P05", "Figure 15 (text)", "$5 million in the third", "$5 million", 5, "million USD", 772),
    ("P06", "Figure 15 (text)", "$7 million in the fourth", "$7 million", 7, "million USD", 772),
    ("P07", "Figure 15 (text)", "and reaches $10 million by the fifth year", "$10 million", 10, "million USD", 772),
    ("P08", "Figure 15 (text)", "the volume of initial investments steadily declines—from $5 million in the first year", "$5 million", 5, "million USD", 774),
    ("P09", "Figure 15 (text)", "to $3 million in the second", "$3 million", 3, "million USD", 774),
    ("P10", "Figure 15 (text)", "$1 million in the third", "$1 million", 1, "million USD", 774),
    ("P11", "Figure 15 (text)", "and is entirely eliminated by the fourth year", "entirely eliminated", 0, "million USD", 774),
    ("P12", "Figure 15 (text)", "the project demonstrates a high degree of efficiency, achieving full payback within three years", "within three years", 3, "years", 776),
    ("P13", "Figure 16 (text)", "In the first month, approximately 100 submissions were recorded", "approximately 100", 100, "reviews per month", 785),
    ("P14", "Figure 16 (text)", "This number gradually increased to 200 by the fourth month", "200", 200, "reviews per month", 785),
    ("P15", "Figure 16 (text)", "reaching around 400 by the sixth month", "around 400", 400, "reviews per month", 785),
    ("P16", "Figure 16 (text)", "and exceeding 600 in the seventh month", "exceeding 600", 600, "reviews per month", 785),
    ("P17", "Figure 16 (text)", "From the eighth month onward, the growth accelerated significantly: 800 reviews in month eight, 1000 in month nine, 1200 in month ten, 1400 in month eleven, and finally 1600", "accelerated significantly", None, "reviews per month", 785),
    ("P18", "Figure 16 (text)", "800 reviews in month eight", "800", 800, "reviews per month", 785),
    ("P19", "Figure 16 (text)", "1000 in month nine", "1000", 1000, "reviews per month", 785),
    ("P20", "Figure 16 (text)", "1200 in month ten", "1200", 1200, "reviews per month", 785),
    ("P21", "Figure 16 (text)", "1400 in month eleven", "1400", 1400, "reviews per month", 785),
    ("P22", "Figure 16 (text)", "and finally 1600 by the end of the twelfth month", "1600", 1600, "reviews per month", 785),
    ("R03", S3 + ", local self-government indices", "The first LSGI index contains 107 specific measurable criteria", "107", 107, "criteria", 827),
    ("R04", S3 + ", local self-government indices", "for 3 blocks", "3", 3, "blocks", 827),
    ("R05", S3 + ", local self-government indices", "and 17 sub-blocks", "17", 17, "sub-blocks", 827),
    ("R06", S3 + ", financial dependence", "More than 70% of regional revenues are transfers", "More than 70%", 70, "% of revenues", 847),
    ("R07", S3 + ", financial dependence", "Despite the fact that 98% of projects are implemented locally", "98%", 98, "%", 855),
    ("R08", S3 + ", Sweden", "municipal personal income tax ... accounts for about 70% of their income", "about 70%", 70, "% of municipal income", 869),
    ("R09", S3 + ", Germany", "municipalities receive a portion of the personal income tax (about 15%)", "about 15%", 15, "% of PIT", 871),
    ("R10", S3 + ", Germany", "The share of local revenues in the structure of municipal budgets exceeds 50%", "exceeds 50%", 50, "% of municipal budgets", 871),
    ("R11", S3 + ", Kazakhstan", "On average, the share of transfers in regional budget revenues is 70-80%", "70-80%", 75, "% of revenues (midpoint of 70-80)", 873),
    ("R12", S3 + ", participatory budgeting", "Brazil (Porto Alegre) - about 20% of the city budget is allocated to projects proposed by citizens", "about 20%", 20, "% of city budget", 921),
    ("R13", S3 + ", participatory budgeting", "France (Paris) – about 5% of the city's budget is allocated annually to citizens' initiatives", "about 5%", 5, "% of city budget", 922),
]

def main() -> None:
    out = Path(__file__).resolve().parents[1] / "data" / "raw" / "paper" / "claims.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    ids = [r[0] for r in ROWS]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise SystemExit(f"duplicate claim ids: {sorted(dup)}")
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "location", "line", "claim", "reported", "reported_value", "unit"])
        for cid, loc, claim, rep, val, unit, line in ROWS:
            w.writerow([cid, loc, line, claim, rep, "" if val is None else repr(val) if isinstance(val, float) else val, unit])
    print(f"wrote {len(ROWS)} claims to {out}")

if __name__ == "__main__":
    main()
