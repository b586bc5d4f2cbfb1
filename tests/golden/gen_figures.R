# Golden values for the figures' engine additions (issue 19, item 4). Sourced by
# tests/golden/generate.R (survival, cmprsk and json_writer.R loaded); runs alone too:
#   Rscript -e 'source("tests/golden/json_writer.R"); library(survival); library(cmprsk);
#               source("tests/golden/gen_figures.R")'
# Writes tests/golden/figures.json:
#   km:     survfit(Surv(time, status) ~ x, aml)$cumhaz per stratum (Nelson-Aalen, survfit's
#           default), with the input (tests/kaplan_meier_test.cpp).
#   cuminc: a small unsorted competing-risk table by group: per curve the log(-log) interval
#           est^exp(-+ z sqrt(var) / (est log est)) at each distinct event time of the cause (the
#           figure's band; NA where est is 0 or 1), and the number at risk (time >= t) per group
#           at the ticks (tests/cumulative_incidence_test.cpp).
#   cox:    coxph(Surv(time, status) ~ g + x) with a missing value: per level of the factor g
#           the rows coxph used and their events, reference first (tests/cox_test.cpp).
# Tests compare at 1e-10 relative (kDirectTol).

fig_km <- function() {
  fit <- survfit(Surv(time, status) ~ x, data = aml)
  st <- rep(sub("^x=", "", names(fit$strata)), fit$strata)
  curves <- lapply(unique(st), function(g) list(group = scalar(g), time = fit$time[st == g],
                                                cumhaz = fit$cumhaz[st == g]))
  list(time = aml$time, status = aml$status, group = as.character(aml$x), curves = curves)
}

fig_cuminc <- function() {
  time <- c(4, 2, 6, 2, 5, 3, 1, 3, 6, 2, 7, 0.5, 8, 3.5, 9, 1.5, 4.5, 6.5, 2.5, 5.5)
  status <- c(1, 2, 0, 1, 1, 0, 2, 1, 2, 1, 0, 1, 1, 2, 0, 1, 0, 1, 2, 1)
  group <- c("b", "a", "b", "a", "a", "b", "b", "a", "a", "b", "a", "b", "b", "a", "b", "a", "a",
             "b", "b", "a")
  ticks <- c(0, 2, 4, 6, 8, 10)
  conf <- 0.95
  z <- qnorm(1 - (1 - conf) / 2)
  fit <- cuminc(time, status, group)
  curves <- list()
  for (cc in c("1", "2")) for (gg in c("a", "b")) {
    cur <- fit[[paste(gg, cc)]]
    # cuminc's doubled layout: the value after each jump is the second entry at each event time.
    ev <- sort(unique(time[group == gg & status == as.numeric(cc)]))
    est <- sapply(ev, function(t) cur$est[max(which(cur$time == t))])
    v <- sapply(ev, function(t) cur$var[max(which(cur$time == t))])
    w <- z * sqrt(v) / (est * log(est))
    ok <- est > 0 & est < 1
    lower <- ifelse(ok, est^exp(-w), NA)
    upper <- ifelse(ok, est^exp(w), NA)
    curves[[length(curves) + 1]] <- list(group = scalar(gg), cause = scalar(cc), event_time = ev,
                                         lower = lower, upper = upper,
                                         n_risk = sapply(ticks, function(t) sum(time[group == gg] >= t)))
  }
  list(time = time, status = status, group = group, ticks = ticks, conf_level = scalar(conf),
       curves = curves)
}

fig_cox <- function() {
  time <- c(5, 3, 9, 2, 7, 4, 8, 1, 6, 10, 2.5, 3.5, 7.5, 4.5, 6.5, 9.5)
  status <- c(1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1)
  g <- c("LR", "HR", "MR", "HR", "LR", "MR", "LR", "HR", "MR", NA, "HR", "LR", "MR", "HR", "LR", "MR")
  x <- c(1.2, 0.4, 2.2, 1.9, 0.3, 1.1, 0.8, 2.5, 1.4, 0.9, 1.7, 0.6, NA, 2.1, 0.5, 1.3)
  d <- data.frame(time, status, g = factor(g, levels = c("LR", "MR", "HR")), x)
  fit <- coxph(Surv(time, status) ~ g + x, data = d)
  used <- d[-as.integer(fit$na.action), ]
  levels <- lapply(levels(d$g), function(l) list(level = scalar(l), n = scalar(sum(used$g == l)),
                                                 events = scalar(sum(used$status[used$g == l]))))
  list(time = time, status = status, g = g, x = x, reference = scalar("LR"),
       terms = names(coef(fit)), levels = levels)
}

write_golden(list(km = fig_km(), cuminc = fig_cuminc(), cox = fig_cox()),
             file.path("tests/golden", "figures.json"))
