# The full cohort analysis of scripts/bench.sh in R, timed by part: the same numbers
# infant-all's `analyze` computes, from the same file. R has no infant ALL classifier, so it reads
# the file annotated by `infant-all classify --format csv` (a risk_group column); endpoints are
# derived here with the rules of docs/ENGINE.md ("Endpoints derived from dates") that the synthetic cohort exercises
# (induction_failure_time = 0: resistance fails at time 0; years = days / 365.25).
# Usage: Rscript scripts/bench/analysis.R ANNOTATED.csv
# Prints one JSON object: reader, timings_ms and the numbers the harness compares.
suppressPackageStartupMessages({
  library(survival)
  library(cmprsk)
})
args <- commandArgs(trailingOnly = TRUE)
ms <- function(t0) (proc.time()[["elapsed"]] - t0) * 1000
t_all <- proc.time()[["elapsed"]]

t0 <- proc.time()[["elapsed"]]
fast <- requireNamespace("data.table", quietly = TRUE)
d <- if (fast) {
  as.data.frame(data.table::fread(args[1], na.strings = c("", "NA")))
} else {
  read.csv(args[1], na.strings = c("", "NA"), stringsAsFactors = FALSE)
}
t_read <- ms(t0)

t0 <- proc.time()[["elapsed"]]
dx <- as.Date(d$diagnosis_date)
ev <- as.Date(d$event_date)
fu <- as.Date(d$last_followup_date)
death <- as.Date(d$death_date)
has_event <- !is.na(d$event_type) & d$event_type != "none"
efs_days <- ifelse(has_event, ifelse(d$event_type == "resistance", 0, ev - dx), fu - dx)
d$efs_time <- as.numeric(efs_days) / 365.25
d$efs_status <- as.integer(has_event)
d$os_time <- as.numeric(ifelse(!is.na(death), death - dx, fu - dx)) / 365.25
d$os_status <- as.integer(!is.na(death))
d$cir_status <- ifelse(!has_event, 0L, ifelse(d$event_type == "relapse", 1L, 2L))
d$group <- ifelse(is.na(d$risk_group) | d$risk_group == "", NA, d$risk_group)
g <- d[!is.na(d$group), ]
t_endpoints <- ms(t0)

t0 <- proc.time()[["elapsed"]]
km_efs <- survfit(Surv(efs_time, efs_status) ~ group, data = g)
s_efs <- summary(km_efs, times = c(1, 3, 6), extend = TRUE)
t_km_efs <- ms(t0)
t0 <- proc.time()[["elapsed"]]
km_os <- survfit(Surv(os_time, os_status) ~ group, data = g)
s_os <- summary(km_os, times = c(1, 3, 6), extend = TRUE)
t_km_os <- ms(t0)
t0 <- proc.time()[["elapsed"]]
lr <- survdiff(Surv(efs_time, efs_status) ~ group, data = g)
t_logrank <- ms(t0)
t0 <- proc.time()[["elapsed"]]
ci <- cuminc(g$efs_time, g$cir_status, g$group, cencode = 0)
t_cuminc <- ms(t0)
t0 <- proc.time()[["elapsed"]]
fit <- coxph(Surv(efs_time, efs_status) ~ wbc + age_days + sex + pred_response + cns_status +
  cd10, data = d, ties = "efron")
t_cox <- ms(t0)

num <- function(x) ifelse(is.na(x), "null", sprintf("%.17g", x))
obj <- function(names, values) {
  paste0("{", paste0('"', names, '":', values, collapse = ","), "}")
}
efs6 <- s_efs$surv[s_efs$time == 6]
efs6_se <- s_efs$std.err[s_efs$time == 6]
groups <- sub("group=", "", as.character(s_efs$strata[s_efs$time == 6]))
cat(obj(
  c("reader", "timings_ms", "efs6", "efs6_se", "logrank_chisq", "gray_relapse", "cox_coef",
    "n_cox"),
  c(paste0('"', if (fast) "data.table::fread" else "read.csv", '"'),
    obj(c("read", "endpoints", "km_efs", "km_os", "logrank_efs", "cuminc_cir", "cox_efs",
      "total"),
      num(c(t_read, t_endpoints, t_km_efs, t_km_os, t_logrank, t_cuminc, t_cox, ms(t_all)))),
    obj(groups, num(efs6)), obj(groups, num(efs6_se)), num(lr$chisq),
    num(ci$Tests[1, "stat"]), obj(names(coef(fit)), num(coef(fit))), num(fit$n))
), "\n")
