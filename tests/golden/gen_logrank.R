# Golden values for log_rank() (core/src/stats/log_rank.cpp): survdiff() on R's own data sets and on
# simulated data with heavy ties, strata, rho != 0, a group without events and groups with
# expected = 0. Sourced by generate.R (survival loaded, write_golden() defined, seed set).
# Writes tests/golden/logrank.json: a list of cases, each with the input columns and R's answer.
# Group and stratum labels are passed as character, so R orders them as sorted strings (the
# engine's default); the veteran case with explicit levels passes them as `levels`.
#
# Trend test (not in survdiff): from the survdiff object f with scores w,
#   oe <- rowSums(as.matrix(f$obs - f$exp)); U <- sum(w * oe)
#   trend_chisq <- U^2 / drop(t(w) %*% f$var %*% w)

lr_case <- function(name, time, status, group, strata = NULL, rho = 0, levels = NULL,
                    scores = NULL) {
  g <- if (is.null(levels)) as.character(group) else factor(as.character(group), levels = levels)
  d <- data.frame(time = time, status = status, g = g, stringsAsFactors = FALSE)
  if (is.null(strata)) {
    f <- survdiff(Surv(time, status) ~ g, data = d, rho = rho)
  } else {
    d$s <- as.character(strata)
    f <- survdiff(Surv(time, status) ~ g + strata(s), data = d, rho = rho)
  }
  obs <- as.matrix(f$obs)
  exp <- as.matrix(f$exp)
  k <- nrow(obs)
  w <- if (is.null(scores)) seq_len(k) else scores
  oe <- rowSums(obs - exp)
  u <- sum(w * oe)
  tv <- drop(t(w) %*% f$var %*% w)
  tchi <- u^2 / tv
  etot <- rowSums(exp)
  df <- sum(etot > 0) - 1
  out <- list(
    name = scalar(name),
    time = time,
    status = status,
    group = as.character(group),
    rho = scalar(rho),
    groups = sub("^g=", "", names(f$n)),
    n = as.vector(f$n),
    obs = rowSums(obs),
    exp = etot,
    var = unname(f$var),
    chisq = scalar(f$chisq),
    df = scalar(df),
    p = scalar(pchisq(f$chisq, df, lower.tail = FALSE)),
    trend_scores = w,
    trend_chisq = scalar(tchi),
    trend_p = scalar(pchisq(tchi, 1, lower.tail = FALSE))
  )
  if (!is.null(levels)) out$levels <- levels
  if (!is.null(scores)) out$scores <- scores
  if (!is.null(strata)) {
    out$strata <- as.character(strata)
    out$strata_levels <- sub("^s=", "", names(f$strata))
    out$obs_by_stratum <- unname(t(obs))  # [stratum][group]
    out$exp_by_stratum <- unname(t(exp))
  }
  out
}

cases <- list()
add <- function(x) cases[[length(cases) + 1]] <<- x

# ENGINE.md reference: chisq 3.4 on 1 df, p = 0.07.
add(lr_case("aml", aml$time, aml$status, aml$x))
add(lr_case("aml_rho1", aml$time, aml$status, aml$x, rho = 1))
add(lr_case("lung_sex", lung$time, lung$status - 1, lung$sex))
# ph.ecog has one NA (excluded) and a group of one subject (ph.ecog = 3).
add(lr_case("lung_ecog_strata_sex", lung$time, lung$status - 1, lung$ph.ecog, strata = lung$sex))
add(lr_case("lung_ecog_strata_sex_rho1", lung$time, lung$status - 1, lung$ph.ecog,
            strata = lung$sex, rho = 1))
add(lr_case("veteran_celltype", veteran$time, veteran$status, veteran$celltype))
add(lr_case("veteran_celltype_levels", veteran$time, veteran$status, veteran$celltype,
            levels = levels(veteran$celltype)))
add(lr_case("veteran_celltype_scores", veteran$time, veteran$status, veteran$celltype,
            scores = c(0, 1, 3, 7)))
add(lr_case("veteran_trt_strata_celltype", veteran$time, veteran$status, veteran$trt,
            strata = veteran$celltype))
add(lr_case("ovarian", ovarian$futime, ovarian$fustat, ovarian$rx))
add(lr_case("ovarian_rho1", ovarian$futime, ovarian$fustat, ovarian$rx, rho = 1))
add(lr_case("ovarian_rho0.5", ovarian$futime, ovarian$fustat, ovarian$rx, rho = 0.5))

# Heavy ties: integer times 1..6, three groups.
n <- 240
add(lr_case("sim_ties", sample(1:6, n, replace = TRUE), rbinom(n, 1, 0.6),
            sample(c("a", "b", "c"), n, replace = TRUE)))
tt <- sample(1:6, n, replace = TRUE)
add(lr_case("sim_ties_rho1", tt, rbinom(n, 1, 0.6), sample(c("a", "b", "c"), n, replace = TRUE),
            rho = 1))

# Group "none" has no events but is at risk at event times (E > 0).
t1 <- c(3, 5, 7, 8, 11, 13, 2, 6, 9, 12, 14, 4, 10, 15, 16)
s1 <- c(1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0)
g1 <- c(rep("a", 6), rep("b", 5), rep("none", 4))
add(lr_case("zero_events_group", t1, s1, g1))

# Group "early" is censored before the first event: E = 0, dropped from chisq and df.
t2 <- c(5, 8, 3, 10, 12, 4, 7, 9, 11, 13, 0.5, 1, 2)
s2 <- c(1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0)
g2 <- c(rep("a", 5), rep("b", 5), rep("early", 3))
add(lr_case("exp_zero_group", t2, s2, g2))
# Only one group left with E > 0: chisq 0 on 0 df, p = 1.
t3 <- c(5, 8, 3, 10, 0.5, 1, 2)
s3 <- c(1, 0, 1, 1, 0, 0, 0)
add(lr_case("one_group_with_exp", t3, s3, c(rep("a", 4), rep("early", 3))))

# Five groups in three strata, ties, one stratum lacking group "e".
n <- 400
st <- sample(c("s1", "s2", "s3"), n, replace = TRUE)
gr <- sample(c("a", "b", "c", "d", "e"), n, replace = TRUE)
gr[st == "s3" & gr == "e"] <- "d"
rate <- c(a = 0.05, b = 0.07, c = 0.09, d = 0.11, e = 0.15)[gr]
ti <- ceiling(rexp(n, rate) * 2) / 2
ce <- ceiling(runif(n, 5, 60) * 2) / 2
add(lr_case("sim_5groups_3strata", pmin(ti, ce), as.integer(ti <= ce), gr, strata = st))
add(lr_case("sim_5groups_3strata_rho1", pmin(ti, ce), as.integer(ti <= ce), gr, strata = st,
            rho = 1))

# Times differing by floating-point noise: survdiff(timefix = TRUE) merges them (aeqSurv).
t4 <- c(1, 1 + 1e-12, 2, 2 - 1e-13, 3, 3 * (1 + 1e-10), 4, 5, 5 + 2e-9, 6)
s4 <- c(1, 1, 1, 0, 1, 1, 0, 1, 1, 1)
add(lr_case("timefix", t4, s4, c("a", "b", "a", "b", "b", "a", "a", "b", "a", "b")))

write_golden(cases, file.path(here, "logrank.json"))
