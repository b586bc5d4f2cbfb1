# Golden values for chisq_test() and fisher_test() (core/src/stats/association.cpp): R's chisq.test()
# and fisher.test() on 2 x 2 tables (small counts, zero cells, a zero row), 2 x 3, 3 x 4 and
# larger tables. Sourced by generate.R (write_golden() defined, seed set). Writes
# tests/golden/association.json. Tables are given row-major (`counts`, `nrow`, `ncol`).
#
# fisher.test() finds the 2 x 2 odds-ratio MLE and interval with uniroot() at its default
# tolerance (~1e-4), so its printed values are kept (`estimate`, `conf_int`) and the same
# equations are also solved tightly here (`estimate_tight`, `conf_int_tight`): the conditional
# MLE solves E[X; psi] = x, the interval limits P(X >= x; psi) = alpha and P(X <= x; psi) = alpha
# with alpha = (1 - conf.level) / 2, X noncentral hypergeometric given the margins.

tight_or <- function(tab, conf.level = 0.95) {
  m <- sum(tab[, 1]); n <- sum(tab[, 2]); k <- sum(tab[1, ]); x <- tab[1, 1]
  lo <- max(0, k - n); hi <- min(k, m); support <- lo:hi
  logdc <- dhyper(support, m, n, k, log = TRUE)
  dn <- function(th) { d <- logdc + th * support; d <- exp(d - max(d)); d / sum(d) }
  mean_th <- function(th) sum(support * dn(th))
  lower_tail <- function(th) sum(dn(th)[support <= x])
  upper_tail <- function(th) sum(dn(th)[support >= x])
  root <- function(f, target) {
    uniroot(function(th) f(th) - target, c(-50, 50), tol = 1e-13, maxiter = 10000)$root
  }
  alpha <- (1 - conf.level) / 2
  est <- if (x == lo) 0 else if (x == hi) Inf else exp(root(mean_th, x))
  lower <- if (x == lo) 0 else exp(root(upper_tail, alpha))
  upper <- if (x == hi) Inf else exp(root(lower_tail, alpha))
  list(estimate = est, conf_int = c(lower, upper))
}

assoc_case <- function(name, counts, nrow, fisher = TRUE, workspace = 200000) {
  tab <- matrix(counts, nrow = nrow, byrow = TRUE)
  rowmajor <- function(m) as.vector(t(m))
  chi <- function(correct) {
    warned <- FALSE
    r <- withCallingHandlers(chisq.test(tab, correct = correct), warning = function(w) {
      if (grepl("approximation may be incorrect", conditionMessage(w))) warned <<- TRUE
      invokeRestart("muffleWarning")
    })
    list(statistic = scalar(unname(r$statistic)), df = scalar(unname(r$parameter)),
         p = scalar(r$p.value), method = scalar(r$method), expected = rowmajor(r$expected),
         residuals = rowmajor(r$residuals), stdres = rowmajor(r$stdres),
         warning = scalar(warned))
  }
  out <- list(name = scalar(name), counts = counts, nrow = scalar(nrow),
              ncol = scalar(length(counts) / nrow), chisq = chi(TRUE), chisq_uncorrected = chi(FALSE))
  if (fisher) {
    f <- fisher.test(tab, workspace = workspace)
    fo <- list(p = scalar(f$p.value))
    if (nrow == 2 && ncol(tab) == 2) {
      tt <- tight_or(tab)
      fo$estimate <- scalar(unname(f$estimate))
      fo$conf_int <- as.vector(f$conf.int)
      fo$estimate_tight <- scalar(tt$estimate)
      fo$conf_int_tight <- tt$conf_int
    }
    out$fisher <- fo
  }
  out
}

cases <- list(
  assoc_case("2x2", c(12, 5, 7, 9), 2),
  # Lady tasting tea (Agresti 1990, fisher.test examples): p = 0.4857.
  assoc_case("2x2_tea", c(3, 1, 1, 3), 2),
  assoc_case("2x2_zero_cell", c(0, 5, 6, 2), 2),
  assoc_case("2x2_two_zero_cells", c(10, 0, 0, 10), 2),
  assoc_case("2x2_small_deviation", c(10, 10, 10, 11), 2),
  assoc_case("2x2_large", c(120, 80, 95, 105), 2),
  assoc_case("2x2_unbalanced", c(1, 40, 9, 22), 2),
  # A zero row: chisq.test gives X-squared NaN; fisher.test p = 1, estimate 0, CI (0, Inf).
  assoc_case("2x2_zero_row", c(3, 1, 0, 0), 2),
  assoc_case("2x3", c(8, 3, 5, 2, 6, 9), 2),
  assoc_case("3x2_small", c(2, 0, 1, 3, 0, 4), 3),
  assoc_case("3x4", c(5, 2, 0, 3, 1, 4, 2, 2, 0, 1, 6, 3), 3),
  # Job satisfaction (Agresti 2002, fisher.test examples), 4 x 4: p = 0.7827.
  assoc_case("4x4_job", c(1, 2, 1, 0, 3, 3, 6, 1, 10, 10, 14, 9, 6, 7, 12, 11), 4),
  assoc_case("3x3_zero_row", c(3, 2, 1, 0, 0, 0, 1, 4, 2), 3),
  assoc_case("2x5", c(3, 0, 2, 1, 4, 1, 2, 0, 3, 2), 2),
  # Random small tables: the network algorithm against FEXACT.
  assoc_case("3x3_random", as.vector(rpois(9, 4)), 3),
  assoc_case("2x4_random", as.vector(rpois(8, 6)), 2),
  assoc_case("3x5_random", as.vector(rpois(15, 2)), 3),
  assoc_case("4x3_random", as.vector(rpois(12, 3)), 4),
  assoc_case("2x6_random", as.vector(rpois(12, 5)), 2),
  assoc_case("5x5_chisq_only", as.vector(rpois(25, 12)), 5, fisher = FALSE),
  assoc_case("2x3_non_integer", c(2.5, 3, 4, 1.5, 6, 2), 2, fisher = FALSE),
  # Tables the network algorithm needs (fixed, after the random ones so the RNG stream above is
  # unchanged): the hardest of ~800 random tables R's default fisher.test() (workspace 200000)
  # answers, by the engine's work count, and two sparse wide ones.
  assoc_case("5x4_network", c(0, 0, 1, 1, 43, 14, 16, 28, 5, 1, 2, 1, 0, 1, 0, 0, 47, 30, 35, 25), 5),
  assoc_case("4x8_network", c(3, 2, 1, 1, 1, 1, 0, 8, 4, 1, 1, 3, 1, 0, 0, 6, 1, 4, 2, 0, 0, 3,
                              3, 1, 0, 1, 2, 1, 4, 1, 1, 3), 4),
  assoc_case("6x4_network", c(4, 4, 1, 2, 0, 0, 0, 1, 9, 17, 6, 7, 6, 5, 5, 4, 2, 6, 3, 5, 2, 3,
                              3, 5), 6),
  assoc_case("6x7_network", c(0, 1, 0, 0, 0, 0, 0, 0, 6, 7, 0, 1, 0, 2, 1, 3, 2, 2, 3, 1, 4, 0,
                              0, 1, 0, 0, 0, 0, 0, 3, 4, 0, 3, 3, 1, 0, 3, 1, 0, 4, 3, 1), 6),
  assoc_case("4x5_network", c(0, 0, 4, 1, 15, 3, 0, 50, 4, 41, 5, 1, 8, 1, 8, 0, 0, 5, 1, 3), 4),
  assoc_case("3x6_n250", c(19, 8, 12, 0, 2, 10, 51, 13, 31, 2, 5, 11, 36, 10, 23, 2, 4, 11), 3),
  # Characteristics-table shapes at n = 1e4 (risk group 20/45/35 % by sex, by KMT2A 75/25 %;
  # four risk groups by sex): the network's bounds in closed form make these milliseconds. R's
  # default workspace is too small for them.
  assoc_case("3x2_n1e4_sex", c(1012, 988, 2230, 2270, 1765, 1735), 3, workspace = 2e8),
  assoc_case("3x2_n1e4_kmt2a", c(1700, 300, 3100, 1400, 2700, 800), 3, workspace = 2e8),
  assoc_case("4x2_n1e4_sex", c(760, 740, 1480, 1520, 1530, 1470, 1260, 1240), 4,
             workspace = 2e8),
  # Past the engine's former work limit (2e7 with bounds by enumeration): R needs
  # fisher.test(tab, workspace = 2e8).
  assoc_case("4x4_n200", c(10, 11, 12, 13, 14, 10, 11, 12, 13, 14, 10, 11, 12, 13, 14, 10), 4,
             workspace = 2e8)
)

write_golden(cases, file.path(here, "association.json"))
