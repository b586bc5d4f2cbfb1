# Golden values for the comparisons trial papers report (issue 18): pairwise log-rank with
# adjusted p-values (pairwise_log_rank.cpp), p.adjust (p_adjust.cpp), the difference of two
# Kaplan-Meier curves at a milestone (milestone_difference.cpp), restricted mean survival time
# differences and ratios (rmst_difference.cpp) and the one-sample log-rank test against a
# reference curve (reference_log_rank.cpp). Sourced by generate.R (survival loaded,
# write_golden() defined, seed set). Writes tests/golden/compare.json.
#
# survminer and survRM2 are not Debian packages: their computations are written out here from
# their documented definitions (pairwise_survdiff: survdiff on each pair's rows, pchisq on 1 df,
# p.adjust; rmst2: the area under the Kaplan-Meier curve to tau with the Greenwood plug-in
# variance, Uno et al. 2014), each step with survival's own functions.

# ---- pairwise log-rank ----
pairwise_case <- function(name, time, status, group, strata = NULL, rho = 0, method = "BH",
                          ties = "efron") {
  d <- data.frame(time = time, status = status, g = as.character(group),
                  stringsAsFactors = FALSE)
  if (!is.null(strata)) d$s <- as.character(strata)
  keep <- !is.na(d$time) & !is.na(d$status) & !is.na(d$g)
  if (!is.null(strata)) keep <- keep & !is.na(d$s)
  lev <- sort(unique(d$g[keep]))
  pairs <- list()
  p <- c()
  for (i in seq_along(lev)) for (j in seq_along(lev)) if (i < j) {
    sub <- d[!is.na(d$g) & d$g %in% lev[c(i, j)], ]
    sub$g <- factor(sub$g, levels = lev[c(i, j)])
    f <- if (is.null(strata)) survdiff(Surv(time, status) ~ g, data = sub, rho = rho) else
      survdiff(Surv(time, status) ~ g + strata(s), data = sub, rho = rho)
    cf <- if (is.null(strata)) coxph(Surv(time, status) ~ g, data = sub, ties = ties) else
      coxph(Surv(time, status) ~ g + strata(s), data = sub, ties = ties)
    ci <- exp(confint(cf))
    pv <- pchisq(f$chisq, 1, lower.tail = FALSE)
    p <- c(p, pv)
    pairs[[length(pairs) + 1]] <- list(
      group1 = scalar(lev[i]), group2 = scalar(lev[j]),
      obs = rowSums(as.matrix(f$obs)), exp = rowSums(as.matrix(f$exp)),
      chisq = scalar(f$chisq), p = scalar(pv),
      hr = scalar(unname(exp(coef(cf)))), hr_lower = scalar(ci[1, 1]), hr_upper = scalar(ci[1, 2]))
  }
  adj <- p.adjust(p, method)
  for (k in seq_along(pairs)) pairs[[k]]$p_adj <- scalar(adj[k])
  out <- list(name = scalar(name), time = time, status = status, group = as.character(group),
              rho = scalar(rho), method = scalar(method), ties = scalar(ties), groups = lev,
              pairs = pairs)
  if (!is.null(strata)) out$strata <- as.character(strata)
  out
}

vet <- veteran
ecog <- lung$ph.ecog
pairwise <- list(
  pairwise_case("veteran_celltype_BH", vet$time, vet$status, vet$celltype),
  pairwise_case("veteran_celltype_holm_rho1", vet$time, vet$status, vet$celltype, rho = 1,
                method = "holm"),
  pairwise_case("lung_ecog_strata_sex_bonferroni", lung$time, lung$status - 1, ecog,
                strata = lung$sex, method = "bonferroni", ties = "breslow"),
  pairwise_case("lung_ecog_none", lung$time, lung$status - 1, ecog, method = "none"))

# ---- p.adjust on its own: ties, NA, values near 1 ----
padj_p <- c(0.01, 0.04, 0.04, NA, 0.2, 0.5, 0.03, 0.9, 0.0001, 0.04)
p_adjust <- lapply(c("holm", "BH", "bonferroni", "none"), function(m)
  list(method = scalar(m), p = padj_p, adjusted = p.adjust(padj_p, m)))

# ---- milestone differences: S2(t) - S1(t) with Greenwood SEs ----
milestone_case <- function(name, time, status, group, times, conf = 0.95) {
  d <- data.frame(time = time, status = status, g = as.character(group))
  fit <- survfit(Surv(time, status) ~ g, data = d, conf.int = conf)
  lev <- sort(unique(d$g[!is.na(d$g)]))
  rows <- lapply(times, function(t) {
    last <- sapply(1:2, function(k) max(fit[k]$time))
    if (t > min(last)) return(list(time = scalar(t), diff = scalar(NA)))  # extend = FALSE: none
    s1 <- summary(fit[1], times = t, extend = FALSE)
    s2 <- summary(fit[2], times = t, extend = FALSE)
    dd <- s2$surv - s1$surv
    se <- sqrt(s1$std.err^2 + s2$std.err^2)
    z <- qnorm(1 - (1 - conf) / 2)
    list(time = scalar(t), surv1 = scalar(s1$surv), se1 = scalar(s1$std.err),
         surv2 = scalar(s2$surv), se2 = scalar(s2$std.err), diff = scalar(dd), se = scalar(se),
         lower = scalar(dd - z * se), upper = scalar(dd + z * se),
         p = scalar(2 * pnorm(-abs(dd / se))))
  })
  list(name = scalar(name), time = time, status = status, group = as.character(group),
       conf = scalar(conf), groups = lev, rows = rows)
}
milestones <- list(
  milestone_case("lung_sex", lung$time, lung$status - 1, lung$sex, c(90, 180, 365, 730, 900)),
  milestone_case("aml_x_90", aml$time, aml$status, aml$x, c(12, 24, 40, 200), conf = 0.9))

# ---- RMST (rmst2): areas and Greenwood plug-in variances from survfit's rows ----
rmst_arm <- function(time, status, tau, conf) {
  f <- survfit(Surv(time, status) ~ 1)
  keep <- f$time <= tau
  t <- c(0, f$time[keep], tau)
  s <- c(1, f$surv[keep])
  area <- diff(t) * s                       # the rectangle after each row (and before the first)
  h <- ifelse(f$n.risk[keep] == f$n.event[keep], 0,
              f$n.event[keep] / (f$n.risk[keep] * (f$n.risk[keep] - f$n.event[keep])))
  tail_area <- rev(cumsum(rev(area)))[-1]   # area from each row's time to tau
  m <- sum(area)
  v <- sum(tail_area^2 * h)
  z <- qnorm(1 - (1 - conf) / 2)
  list(rmst = m, se = sqrt(v), lower = m - z * sqrt(v), upper = m + z * sqrt(v))
}
tau_limit <- function(time, status, g, lev) {
  last <- sapply(lev, function(l) max(time[g == l]))
  all_events <- sapply(lev, function(l) all(status[g == l & time == max(time[g == l])] == 1))
  short <- which.min(last)
  if (last[1] == last[2] || all_events[short]) max(last) else min(last)
}
rmst_case <- function(name, time, status, group, tau, conf = 0.95) {
  ok <- !is.na(time) & !is.na(status) & !is.na(group)
  time <- time[ok]; status <- status[ok]; g <- as.character(group[ok])
  lev <- sort(unique(g))
  limit <- tau_limit(time, status, g, lev)
  if (is.na(tau)) tau <- limit
  a1 <- rmst_arm(time[g == lev[1]], status[g == lev[1]], tau, conf)
  a2 <- rmst_arm(time[g == lev[2]], status[g == lev[2]], tau, conf)
  z <- qnorm(1 - (1 - conf) / 2)
  wald <- function(est, se, log_scale) {
    r <- c(est, est - z * se, est + z * se)
    c(if (log_scale) exp(r) else r, 2 * pnorm(-abs(est / se)))
  }
  diff <- wald(a2$rmst - a1$rmst, sqrt(a1$se^2 + a2$se^2), FALSE)
  ratio <- wald(log(a2$rmst / a1$rmst), sqrt(a1$se^2 / a1$rmst^2 + a2$se^2 / a2$rmst^2), TRUE)
  l1 <- tau - a1$rmst; l2 <- tau - a2$rmst
  loss <- wald(log(l2 / l1), sqrt(a1$se^2 / l1^2 + a2$se^2 / l2^2), TRUE)
  # survfit's own restricted mean agrees with the area above (checked here, to 1e-12).
  sf <- summary(survfit(Surv(time, status) ~ g), rmean = tau)$table
  stopifnot(abs(sf[1, "rmean"] - a1$rmst) < 1e-9 * a1$rmst,
            abs(sf[2, "se(rmean)"] - a2$se) < 1e-9 * a2$se)
  list(name = scalar(name), time = time, status = status, group = g, conf = scalar(conf),
       tau = scalar(tau), limit = scalar(limit), groups = lev,
       arm1 = lapply(a1, scalar), arm2 = lapply(a2, scalar), diff = diff, ratio = ratio,
       rmtl_ratio = loss)
}
rmst <- list(
  rmst_case("lung_sex_365", lung$time, lung$status - 1, lung$sex, 365),
  rmst_case("lung_sex_default_tau", lung$time, lung$status - 1, lung$sex, NA),
  rmst_case("veteran_trt_default_tau", vet$time, vet$status, vet$trt, NA, conf = 0.9),
  rmst_case("aml_x_30", aml$time, aml$status, aml$x, 30))

# ---- one-sample log-rank against a reference curve ----
reference_case <- function(name, time, status, ref_time, ref_surv, milestones) {
  ok <- !is.na(time) & !is.na(status)
  pts <- if (ref_time[1] == 0) ref_time else c(0, ref_time)  # S(0) = 1 is implied
  H <- approxfun(pts, c(if (ref_time[1] == 0) NULL else 0, -log(ref_surv)))
  horizon <- max(ref_time)
  tt <- pmin(time[ok], horizon)
  ee <- status[ok] == 1 & time[ok] <= horizon
  f <- survdiff(Surv(tt, ee) ~ offset(exp(-H(tt))))  # offset: each row's expected survival
  km <- survfit(Surv(time, status) ~ 1)
  ms <- lapply(milestones, function(t) {
    s <- if (t <= max(km$time)) summary(km, times = t, extend = FALSE) else list(surv = c())
    list(time = scalar(t), surv = scalar(if (length(s$surv)) s$surv else NA),
         std_err = scalar(if (length(s$surv)) s$std.err else NA),
         lower = scalar(if (length(s$surv)) s$lower else NA),
         upper = scalar(if (length(s$surv)) s$upper else NA),
         reference = scalar(if (t <= horizon) exp(-H(t)) else NA))
  })
  list(name = scalar(name), time = time, status = status, ref_time = ref_time,
       ref_surv = ref_surv, n = scalar(sum(ok)), obs = scalar(f$obs), exp = scalar(f$exp),
       chisq = scalar(f$chisq), p = scalar(pchisq(f$chisq, 1, lower.tail = FALSE)),
       n_cut = scalar(sum(time[ok] > horizon)), milestones = ms)
}
reference <- list(
  reference_case("lung_vs_table", lung$time, lung$status - 1, c(180, 365, 730),
                 c(0.75, 0.45, 0.15), c(100, 365, 800, 1100)),
  reference_case("veteran_vs_curve_from_0", vet$time, vet$status, c(0, 30, 90, 180, 365),
                 c(1, 0.8, 0.55, 0.3, 0.12), c(30, 500, 1000)))

write_golden(list(pairwise = pairwise, p_adjust = p_adjust, milestone = milestones, rmst = rmst,
                  reference = reference),
             file.path(here, "compare.json"))
