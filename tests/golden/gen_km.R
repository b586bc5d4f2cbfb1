# Golden values for kaplan_meier (tests/kaplan_meier_test.cpp): survfit, summary.survfit and
# survmean from R's survival, on R's data sets and on simulated edge cases. Sourced by
# generate.R (survival loaded, write_golden() defined, set.seed(20261124) already called).
#
# Each case stores its input rows in a shuffled order (the C++ side must not depend on row
# order), the requested times, risk-table ticks and tau, and one block of expected curves per
# (conf.type, conf.int) setting. Curves are fitted one group at a time (a stratified fit gives
# the same numbers; this keeps summary()'s per-curve "times beyond the last are dropped" rule
# and the table lookup simple).

confs <- list(list("log", 0.95), list("log-log", 0.95), list("plain", 0.95), list("log", 0.9))

km_surv <- function(d, status) {
  if (is.null(d$entry)) Surv(d$time, status) else Surv(d$entry, d$time, status)
}

km_curve <- function(d, label, ct, cl, times, ticks, tau) {
  fit <- survfit(km_surv(d, d$status) ~ 1, conf.type = ct, conf.int = cl)
  tab <- summary(fit)$table
  rtab <- summary(fit, rmean = tau)$table
  rev <- survfit(km_surv(d, 1 - d$status) ~ 1, conf.type = ct, conf.int = cl)
  revtab <- summary(rev)$table
  # summary(times =) stops when every requested time is past the curve's end (extend = FALSE)
  at <- tryCatch(summary(fit, times = times), error = function(e) NULL)
  if (is.null(d$entry)) {
    rk <- summary(fit, times = ticks, extend = TRUE)
    risk <- list(time = rk$time, n_risk = rk$n.risk, n_event = rk$n.event, n_censor = rk$n.censor)
  } else {
    # With late entry R's summary reports n.risk of the next curve time (0 after the last),
    # and so does the engine's risk table: at a tick of 0 with every entry at 0 that is n.
    st <- sort(ticks)
    cum_ev <- sapply(st, function(t) sum(d$time <= t & d$status == 1))
    cum_ce <- sapply(st, function(t) sum(d$time <= t & d$status == 0))
    next_risk <- sapply(st, function(t) { j <- which(fit$time >= t); if (length(j)) fit$n.risk[j[1]] else 0 })
    risk <- list(time = st, n_risk = next_risk,
                 n_event = diff(c(0, cum_ev)), n_censor = diff(c(0, cum_ce)))
  }
  lim <- function(x) if (ct == "none") NA else x
  list(
    group = scalar(label), n = scalar(fit$n), events = scalar(sum(fit$n.event)),
    time = fit$time, n_risk = fit$n.risk, n_event = fit$n.event, n_censor = fit$n.censor,
    surv = fit$surv,
    std_err = fit$std.err * fit$surv,  # SE of S, as summary.survfit prints it (NaN at S = 0)
    lower = fit$lower, upper = fit$upper,
    median = scalar(unname(tab["median"])),
    median_lower = scalar(unname(tab[8])), median_upper = scalar(unname(tab[9])),
    # quantile.survfit's median, for reference only (differs when a curve ends flat at 0.5)
    quantile_median = scalar(unname(quantile(fit, 0.5, conf.int = FALSE))),
    at_times = if (is.null(at)) list(time = numeric(0), surv = numeric(0), std_err = numeric(0),
                                     lower = numeric(0), upper = numeric(0),
                                     n_risk = numeric(0), n_event = numeric(0),
                                     n_censor = numeric(0))
               else list(time = at$time, surv = at$surv, std_err = at$std.err,
                         lower = at$lower, upper = at$upper, n_risk = at$n.risk,
                         n_event = at$n.event, n_censor = at$n.censor),
    risk = risk,
    rmean = scalar(unname(rtab["rmean"])), rmean_se = scalar(unname(rtab["se(rmean)"])),
    median_followup = scalar(unname(revtab["median"])),
    median_followup_lower = scalar(unname(revtab[8])),
    median_followup_upper = scalar(unname(revtab[9]))
  )
}

km_case <- function(name, time, status, group = NULL, entry = NULL, times, ticks, tau,
                    raw_status = NULL) {
  n <- length(time)
  o <- sample.int(n)  # shuffled row order for the C++ side
  d <- data.frame(time = time, status = status)
  if (!is.null(entry)) d$entry <- entry
  g <- if (is.null(group)) rep("all", n) else as.character(group)
  levs <- if (is.null(group)) "all" else levels(factor(group))
  fits <- lapply(confs, function(cc) {
    list(conf_type = scalar(cc[[1]]), conf_level = scalar(cc[[2]]),
         curves = lapply(levs, function(L) {
           km_curve(d[g == L, , drop = FALSE], L, cc[[1]], cc[[2]], times, ticks, tau)
         }))
  })
  out <- list(name = scalar(name), time = time[o], status = status[o],
              group = if (is.null(group)) character(0) else g[o],
              entry = if (is.null(entry)) numeric(0) else entry[o],
              times = times, risk_times = ticks, tau = scalar(tau), fits = fits)
  if (!is.null(raw_status)) out$raw_status <- raw_status[o]
  out
}

cases <- list()

# aml (Embury et al.): maintenance chemotherapy by x.
cases[[length(cases) + 1]] <- km_case(
  "aml", aml$time, aml$status, aml$x, times = c(20, 0, 5, 12.5, 13, 13, 31, 48, 200),
  ticks = c(0, 10, 20, 30, 40, 50), tau = 40)

# lung (NCCTG): status coded 1/2 (2 = death); stored both raw and decoded.
cases[[length(cases) + 1]] <- km_case(
  "lung_sex", lung$time, lung$status - 1, lung$sex,
  times = c(0, 4, 100, 180.5, 365, 730, 1100), ticks = c(0, 200, 400, 600, 800, 1000),
  tau = 700, raw_status = lung$status)

# veteran (Kalbfleisch & Prentice): by treatment, and by cell type (4 groups).
cases[[length(cases) + 1]] <- km_case(
  "veteran_trt", veteran$time, veteran$status, veteran$trt,
  times = c(0, 1, 30, 90, 180, 365, 999), ticks = c(0, 100, 200, 300, 400, 500), tau = 500)
cases[[length(cases) + 1]] <- km_case(
  "veteran_celltype", veteran$time, veteran$status, veteran$celltype,
  times = c(0, 2, 30, 90, 180, 365), ticks = c(0, 100, 200, 300), tau = 200)

# ovarian: one curve.
cases[[length(cases) + 1]] <- km_case(
  "ovarian", ovarian$futime, ovarian$fustat, NULL,
  times = c(0, 59, 60, 365, 1000, 1500), ticks = c(0, 300, 600, 900, 1200), tau = 1000)

# Heavy ties: 300 rows on 15 integer times, 3 groups.
n <- 300
cases[[length(cases) + 1]] <- km_case(
  "sim_heavy_ties", sample(1:15, n, replace = TRUE), rbinom(n, 1, 0.6),
  sample(c("a", "b", "c"), n, replace = TRUE),
  times = c(0, 0.5, 1, 2.5, 7, 7, 15, 16), ticks = c(0, 3, 6, 9, 12, 15), tau = 10)

# All censored: S = 1 throughout, median and its CI NA, log-log limits NA on every row.
cases[[length(cases) + 1]] <- km_case(
  "sim_all_censored", sample(1:40, 20), rep(0, 20), NULL,
  times = c(0, 10, 20), ticks = c(0, 10, 20, 30), tau = 25)

# One group label on every row (a grouped call with a single level).
cases[[length(cases) + 1]] <- km_case(
  "sim_single_group", round(rexp(50, 1 / 20), 1) + 0.1, rbinom(50, 1, 0.7), rep("only", 50),
  times = c(0, 5, 10, 20, 40), ticks = c(0, 10, 20, 30), tau = 30)

# One event among censorings; first and last rows censored.
cases[[length(cases) + 1]] <- km_case(
  "sim_one_event", c(2, 5, 8, 8, 9, 12, 15, 20, 21, 30), c(0, 0, 1, 0, 0, 0, 0, 0, 0, 0), NULL,
  times = c(1, 8, 10, 30), ticks = c(0, 10, 20, 30), tau = 25)

# Late entry (left truncation), 2 groups, integer times; entry < time on every row.
n <- 120
entry <- sample(0:20, n, replace = TRUE)
cases[[length(cases) + 1]] <- km_case(
  "sim_late_entry", entry + sample(1:60, n, replace = TRUE), rbinom(n, 1, 0.5),
  sample(c("A", "B"), n, replace = TRUE), entry = entry,
  times = c(0, 1, 5, 10.5, 25, 40, 90), ticks = c(0, 10, 20, 40, 60), tau = 50)

# Flat at exactly 0.5: group "mid" drops to 0.5 at 5, stays there through censorings at 6 and
# 7, drops again at 8 -> median (5 + 8) / 2 = 6.5; group "end" ends flat at 0.5 (median 2 by
# print.survfit, 3 by quantile.survfit).
cases[[length(cases) + 1]] <- km_case(
  "sim_flat_half", c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4),
  c(1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0), rep(c("mid", "end"), c(10, 4)),
  times = c(0, 5, 6.5, 9), ticks = c(0, 2, 4, 6, 8, 10), tau = 9)

write_golden(cases, "tests/golden/km.json")
