# The full cohort analysis of scripts/bench.sh in R, timed by part: the same numbers
# infant-all's `analyze` computes, from the same file. R has no infant ALL classifier, so the
# Interfant-06 groups are computed here as an R user would write them, vectorised, with the rules
# of docs/CLINICAL-RULES.md that the synthetic cohort exercises: LR = KMT2A germline; HR = KMT2A-r
# and < 6 months (calendar rule: diagnosis before the birth date + 6 months, the day clamped to
# the month's end; <= 182 days from age_days when a date is missing) and (WBC >= 300, a unit-less
# WBC over 1000 being unknown, or poor prednisone response); MR = other KMT2A-r; no group outside
# 0-365 days of age or for a WBC <= 0 or over 3000 (refused without a unit). R's NA logic settles
# a group exactly when every missing value would give the same one, as the classifier does. The
# harness compares the group sizes with the engine's. Endpoints are derived with the rules of
# docs/ENGINE.md ("Endpoints derived from dates") that the synthetic cohort exercises
# (induction_failure_time = 0: resistance fails at time 0; years = days / 365.25).
# Usage: Rscript scripts/bench/analysis.R COHORT.csv [fread|read.csv]
#   (default fread when data.table is installed, else read.csv)
# Prints one JSON object: reader, timings_ms and the numbers the harness compares.
suppressPackageStartupMessages({
  library(survival)
  library(cmprsk)
})
args <- commandArgs(trailingOnly = TRUE)
ms <- function(t0) (proc.time()[["elapsed"]] - t0) * 1000
t_all <- proc.time()[["elapsed"]]

t0 <- proc.time()[["elapsed"]]
reader <- if (length(args) >= 2) args[2] else "fread"
fast <- reader == "fread" && requireNamespace("data.table", quietly = TRUE)
d <- if (fast) {
  as.data.frame(data.table::fread(args[1], na.strings = c("", "NA")))
} else {
  read.csv(args[1], na.strings = c("", "NA"), stringsAsFactors = FALSE)
}
t_read <- ms(t0)

# Days since 1970-01-01 of a civil date (vectorised; H. Hinnant's days_from_civil).
days_from_civil <- function(y, m, d) {
  y <- y - (m <= 2)
  era <- ifelse(y >= 0, y, y - 399) %/% 400
  yoe <- y - era * 400
  doy <- (153 * (m + ifelse(m > 2, -3, 9)) + 2) %/% 5 + d - 1
  doe <- yoe * 365 + yoe %/% 4 - yoe %/% 100 + doy
  era * 146097 + doe - 719468
}
t0 <- proc.time()[["elapsed"]]
dob <- as.Date(d$dob)
dx <- as.Date(d$diagnosis_date)
lt <- as.POSIXlt(dob)
mon6 <- lt$year * 12 + lt$mon + 6
y6 <- mon6 %/% 12 + 1900
m6 <- mon6 %% 12 + 1
leap <- (y6 %% 4 == 0 & y6 %% 100 != 0) | y6 %% 400 == 0
month_days <- c(31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[m6] + (m6 == 2 & leap)
six_months <- days_from_civil(y6, m6, pmin(lt$mday, month_days))
dated <- !is.na(dob) & !is.na(dx)
age <- ifelse(dated, as.numeric(dx) - as.numeric(dob), d$age_days)
young <- ifelse(dated, as.numeric(dx) < six_months, age <= 182)
rearranged <- ifelse(d$kmt2a_status == "rearranged", TRUE,
  ifelse(d$kmt2a_status == "germline", FALSE, NA))
ppr <- ifelse(d$pred_response == "PPR", TRUE, ifelse(d$pred_response == "PGR", FALSE, NA))
wbc300 <- ifelse(d$wbc > 1000, NA, d$wbc >= 300)
hr <- rearranged & young & (wbc300 | ppr)
d$risk_group <- ifelse(!rearranged, "LR", ifelse(hr, "HR", "MR"))
d$risk_group[(!is.na(age) & (age < 0 | age > 365)) | (!is.na(d$wbc) & (d$wbc <= 0 | d$wbc > 3000))] <- NA
t_classify <- ms(t0)

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
  c("reader", "timings_ms", "efs6", "efs6_se", "logrank_chisq", "logrank_n", "gray_relapse",
    "cox_coef", "n_cox"),
  c(paste0('"', if (fast) "data.table::fread" else "read.csv", '"'),
    obj(c("read", "classify", "endpoints", "km_efs", "km_os", "logrank_efs", "cuminc_cir", "cox_efs",
      "total"),
      num(c(t_read, t_classify, t_endpoints, t_km_efs, t_km_os, t_logrank, t_cuminc, t_cox, ms(t_all)))),
    obj(groups, num(efs6)), obj(groups, num(efs6_se)), num(lr$chisq),
    obj(sub("group=", "", names(lr$n)), num(as.numeric(lr$n))),
    num(ci$Tests[1, "stat"]), obj(names(coef(fit)), num(coef(fit))), num(fit$n))
), "\n")
