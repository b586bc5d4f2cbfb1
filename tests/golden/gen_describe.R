# Golden values for describe_by_group(), wilcoxon_rank_sum() and kruskal_wallis()
# (core/src/stats/numeric_summary.cpp, wilcoxon_rank_sum.cpp, kruskal_wallis.cpp): per group
# n, missing, min, quantile(type = 7) quartiles and max; wilcox.test(x ~ g, exact = FALSE,
# correct = TRUE) for 2 groups, kruskal.test(x, g) for 3+. Small unsorted cases with ties and
# NA, and the demo cohort's wbc by sex (2 groups) and by cns_status (3 groups), the demo read
# from `node scripts/make-demo-cohort.mjs` (fixed seed) as the page embeds it. Sourced by
# generate.R (write_golden() defined). Writes tests/golden/describe.json; each case carries
# its inputs (x, g; null = NA).

describe_case <- function(name, x, g) {
  keep <- !is.na(g)
  f <- factor(g[keep])
  xs <- x[keep]
  summ <- function(v) {
    w <- v[!is.na(v)]
    q <- if (length(w)) quantile(w, c(0.25, 0.5, 0.75), type = 7, names = FALSE) else rep(NA, 3)
    list(n = scalar(length(w)), n_missing = scalar(sum(is.na(v))),
         min = scalar(if (length(w)) min(w) else NA), q1 = scalar(q[1]), median = scalar(q[2]),
         q3 = scalar(q[3]), max = scalar(if (length(w)) max(w) else NA))
  }
  groups <- lapply(levels(f), function(l) c(list(level = scalar(l)), summ(xs[f == l])))
  with_values <- levels(droplevels(f[!is.na(xs)]))
  test <- NULL
  if (length(with_values) == 2) {
    ff <- factor(as.character(f), levels = with_values)
    w <- wilcox.test(xs ~ ff, exact = FALSE, correct = TRUE)
    test <- list(name = scalar("wilcoxon"), method = scalar(w$method),
                 statistic = scalar(unname(w$statistic)), p = scalar(w$p.value))
  } else if (length(with_values) > 2) {
    k <- kruskal.test(xs, f)
    test <- list(name = scalar("kruskal"), method = scalar(k$method),
                 statistic = scalar(unname(k$statistic)), df = scalar(unname(k$parameter)),
                 p = scalar(k$p.value))
  }
  out <- list(name = scalar(name), x = x, g = g, levels = levels(f), groups = groups,
              total = summ(xs), n_group_missing = scalar(sum(!keep)))
  if (!is.null(test)) out$test <- test
  out
}

demo <- read.csv(text = system2("node", "scripts/make-demo-cohort.mjs", stdout = TRUE),
                 na.strings = c("", "NA"), stringsAsFactors = FALSE)

cases <- list(
  describe_case("two groups, ties, unsorted", c(5, 3, 3, 8, 1, 3, 9, 2, 2, 7),
                c("b", "a", "b", "a", "a", "b", "b", "a", "b", "a")),
  describe_case("two groups with NA in x and g", c(10.5, NA, 4, 4, 12, 0.5, 7, NA, 3, 4),
                c("x", "y", "y", NA, "x", "y", "x", "x", "y", "x")),
  describe_case("three groups, ties", c(2.5, 3, 3, 1, 8, 6, 6, 6, 4, 9, 10, 2.5, 7),
                c("H", "L", "M", "L", "H", "M", "M", "H", "L", "H", "M", "L", "H")),
  describe_case("four groups, no ties", c(12, 4, 7, 1, 15, 3, 9, 11, 2, 6, 14, 5),
                c("d", "a", "b", "a", "d", "c", "b", "c", "a", "b", "d", "c")),
  describe_case("one group has no value", c(1, 2, NA, 4, 5), c("a", "a", "b", "a", "a")),
  describe_case("demo wbc by sex", demo$wbc, demo$sex),
  describe_case("demo wbc by cns_status", demo$wbc, demo$cns_status)
)
write_golden(cases, "tests/golden/describe.json")
