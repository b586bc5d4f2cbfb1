# Writes R's example datasets as CSV (tests/data/r/*.csv) so the CLI, the WASM module and the
# page can be tested on exactly the data the golden values were computed from. Factors are
# written as their labels; NA as an empty cell.
out <- "tests/data/r"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
put <- function(d, name) {
  write.csv(d, file.path(out, paste0(name, ".csv")), row.names = FALSE, na = "")
  message("wrote ", file.path(out, paste0(name, ".csv")))
}
put(survival::aml, "aml")
put(survival::lung, "lung")
put(survival::veteran, "veteran")
put(survival::ovarian, "ovarian")
put(survival::myeloid, "myeloid")
# mgus2 with its competing-risks endpoint: etime, and event 1 = progression (PCM), 2 = death
# without progression, 0 = censored (as in survival's compete vignette).
mg <- survival::mgus2
mg$etime <- ifelse(mg$pstat == 0, mg$futime, mg$ptime)
mg$event <- ifelse(mg$pstat == 0, 2 * mg$death, 1)
put(mg, "mgus2")
