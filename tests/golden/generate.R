# Regenerates every golden file in tests/golden/ from R. CI never runs this (no R there): the
# outputs are committed. Run from the repository root:
#   Rscript tests/golden/generate.R
# Needs Debian r-base-core, r-cran-survival, r-cran-cmprsk. Each area has its own gen_<area>.R,
# which writes tests/golden/<area>*.json through write_golden() (json_writer.R).
here <- "tests/golden"
source(file.path(here, "json_writer.R"))
suppressPackageStartupMessages({
  library(survival)
  library(cmprsk)
})
cat("R", R.version$major, ".", R.version$minor, " survival ", format(packageVersion("survival")),
    " cmprsk ", format(packageVersion("cmprsk")), "\n", sep = "")
for (f in sort(list.files(here, pattern = "^gen_.*\\.R$", full.names = TRUE))) {
  message("== ", f)
  set.seed(20261124)
  source(f, local = new.env())
}
