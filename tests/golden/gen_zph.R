# Golden values for the proportional-hazards test (core/src/stats/cox_zph.cpp): cox.zph(fit,
# transform, terms = TRUE, global = TRUE) and the smooth plot.cox.zph(zp, df = 4, nsmo = 40)
# draws. Sourced by tests/golden/generate.R (survival loaded, json_writer.R sourced, seed
# 20261124). Each case carries its input data in gen_cox.R's shape (time, status, entry or null,
# covariates [{name, type, values, reference}], strata or null, ties) and what R returned.

# plot.cox.zph's curves, computed as its body does (yhat, yhat -+ 2 sqrt(var[i, i] * seval)),
# without drawing. check_smooth() below confirms against plot.cox.zph itself.
zph_smooth <- function(zp, df = 4, nsmo = 40) {
  xx <- zp$x
  yy <- zp$y
  pred.x <- seq(from = min(xx), to = max(xx), length = nsmo)
  lmat <- splines::ns(c(pred.x, xx), df = df, intercept = TRUE)
  pmat <- lmat[1:nsmo, ]
  xmat <- lmat[-(1:nsmo), ]
  curves <- lapply(seq_len(ncol(yy)), function(i) {
    y <- yy[, i]
    keep <- !is.na(y)
    qmat <- qr(xmat[keep, ])
    if (qmat$rank < df) return(list(name = scalar(colnames(yy)[i]), fitted = scalar(FALSE)))
    yhat <- drop(pmat %*% qr.coef(qmat, y[keep]))
    bk <- backsolve(qmat$qr[1:df, 1:df], diag(df))
    seval <- drop(((pmat %*% (bk %*% t(bk))) * pmat) %*% rep(1, df))
    band <- 2 * sqrt(zp$var[i, i] * seval)
    list(name = scalar(colnames(yy)[i]), fitted = scalar(TRUE), fit = yhat,
         lower = yhat - band, upper = yhat + band)
  })
  list(x = pred.x, curves = curves)
}

# The curves plot.cox.zph draws, caught from its lines() calls on a null device.
check_smooth <- function(zp, sm) {
  drawn <- new.env()
  drawn$curves <- list()
  assign(".zph_drawn", drawn, envir = globalenv())
  trace(graphics::lines, quote({
    .d <- get(".zph_drawn", envir = globalenv())
    .d$curves[[length(.d$curves) + 1]] <- list(...)[[1]]
  }), print = FALSE, where = asNamespace("survival"))
  on.exit({
    untrace(graphics::lines, where = asNamespace("survival"))
    rm(".zph_drawn", envir = globalenv())
  })
  pdf(NULL)
  plot(zp)
  dev.off()
  k <- 0
  for (cv in sm$curves) {
    if (!isTRUE(unclass(cv$fitted))) next
    got <- drawn$curves[k + 1:3]
    k <- k + 3
    stopifnot(isTRUE(all.equal(drop(got[[1]]), cv$fit, tolerance = 1e-12)),
              isTRUE(all.equal(drop(got[[2]]), cv$upper, tolerance = 1e-12)),
              isTRUE(all.equal(drop(got[[3]]), cv$lower, tolerance = 1e-12)))
  }
}

zph_case <- function(name, data, time, status, numeric = character(0),
                     categorical = character(0), strata = NULL, entry = NULL, ties = "efron",
                     transform = "km", order = NULL) {
  d <- data
  if (!is.null(order)) d <- d[order, , drop = FALSE]
  rhs <- c()
  covs <- list()
  for (v in c(numeric, categorical)) {
    if (v %in% categorical) {
      d[[v]] <- as.character(d[[v]])
      covs[[length(covs) + 1]] <- list(name = scalar(v), type = scalar("categorical"),
                                       values = d[[v]], reference = scalar(""))
    } else {
      covs[[length(covs) + 1]] <- list(name = scalar(v), type = scalar("numeric"),
                                       values = as.double(d[[v]]), reference = scalar(""))
    }
    rhs <- c(rhs, paste0("`", v, "`"))
  }
  if (!is.null(strata)) rhs <- c(rhs, paste0("strata(`", strata, "`)"))
  lhs <- if (is.null(entry)) paste0("Surv(`", time, "`, `", status, "`)")
         else paste0("Surv(`", entry, "`, `", time, "`, `", status, "`)")
  f <- as.formula(paste0(lhs, " ~ ", paste(rhs, collapse = " + ")))
  fit <- suppressWarnings(coxph(f, data = d, ties = ties))
  zp <- cox.zph(fit, transform = transform)
  sm <- zph_smooth(zp)
  check_smooth(zp, sm)
  tbl <- zp$table
  y <- lapply(seq_len(ncol(zp$y)), function(j) unname(zp$y[, j]))
  names(y) <- colnames(zp$y)
  list(
    name = scalar(name),
    r_call = scalar(paste0("cox.zph(coxph(", deparse1(f), ", ties = \"", ties,
                           "\"), transform = \"", transform, "\")")),
    ties = scalar(ties),
    transform = scalar(transform),
    time = as.double(d[[time]]),
    entry = if (is.null(entry)) NULL else as.double(d[[entry]]),
    status = as.double(d[[status]]),
    covariates = covs,
    strata = if (is.null(strata)) NULL else as.character(d[[strata]]),
    expected = list(
      table = lapply(seq_len(nrow(tbl)), function(i) list(
        term = scalar(rownames(tbl)[i]), chisq = scalar(tbl[i, "chisq"]),
        df = scalar(tbl[i, "df"]), p = scalar(tbl[i, "p"]))),
      x = unname(zp$x), time = unname(zp$time),
      strata = if (is.null(zp$strata)) NULL else as.character(zp$strata),
      y_names = colnames(zp$y), y = y,
      var = unname(zp$var),
      smooth_x = sm$x, smooth = sm$curves)
  )
}

lung2 <- lung
lung2$status <- lung2$status - 1
lung2$ecog <- as.character(lung2$ph.ecog)
lung2$age_copy <- lung2$age
lung2$sex_c <- ifelse(lung2$sex == 1, "male", "female")
lung2$age_male <- ifelse(lung2$sex == 1, lung2$age, 0)   # constant among women
vet <- veteran
vet$celltype <- as.character(vet$celltype)

nt <- 300
ties_df <- data.frame(time = sample(1:8, nt, replace = TRUE), status = rbinom(nt, 1, 0.7),
                      g = rbinom(nt, 1, 0.5), z = round(rnorm(nt), 2),
                      arm = sample(c("A", "B", "C"), nt, replace = TRUE),
                      centre = sample(c("x", "y"), nt, replace = TRUE))

hrt <- heart
hrt$surgery_c <- ifelse(hrt$surgery == 1, "yes", "no")

cases <- list(
  zph_case("lung_km", lung2, "time", "status", numeric = c("age", "sex", "ph.ecog")),
  zph_case("lung_breslow_identity", lung2, "time", "status", numeric = c("age", "sex", "ph.ecog"),
           ties = "breslow", transform = "identity"),
  zph_case("lung_ecog_factor_rank", lung2, "time", "status", numeric = c("age", "sex"),
           categorical = "ecog", transform = "rank"),
  zph_case("lung_unsorted_log", lung2, "time", "status", numeric = c("age", "ph.karno"),
           categorical = "sex_c", transform = "log", order = sample(nrow(lung2))),
  zph_case("lung_duplicated", lung2, "time", "status", numeric = c("age", "sex", "age_copy")),
  zph_case("lung_strata_constant", lung2, "time", "status", numeric = c("age_male", "ph.ecog"),
           strata = "sex"),
  zph_case("veteran_km", vet, "time", "status", numeric = c("trt", "karno"),
           categorical = "celltype"),
  zph_case("veteran_log_breslow", vet, "time", "status", numeric = c("trt", "karno"),
           categorical = "celltype", transform = "log", ties = "breslow"),
  zph_case("veteran_strata", vet, "time", "status", numeric = c("trt", "karno", "age"),
           strata = "celltype"),
  zph_case("ovarian_km", ovarian, "futime", "fustat", numeric = c("age", "resid.ds", "rx",
                                                                  "ecog.ps")),
  zph_case("ovarian_identity", ovarian, "futime", "fustat", numeric = c("age", "rx"),
           transform = "identity"),
  zph_case("ties_efron", ties_df, "time", "status", numeric = c("g", "z"), categorical = "arm"),
  zph_case("ties_breslow_strata_rank", ties_df, "time", "status", numeric = c("g", "z"),
           categorical = "arm", strata = "centre", ties = "breslow", transform = "rank"),
  zph_case("heart_km", hrt, "stop", "event", entry = "start",
           numeric = c("age", "year", "surgery", "transplant")),
  zph_case("heart_breslow_identity", hrt, "stop", "event", entry = "start",
           numeric = c("age", "year", "transplant"), ties = "breslow", transform = "identity"),
  zph_case("heart_strata_rank", hrt, "stop", "event", entry = "start",
           numeric = c("age", "year", "transplant"), strata = "surgery_c", transform = "rank")
)
write_golden(list(
  source = scalar(paste0("R ", R.version$major, ".", R.version$minor, ", survival ",
                         format(packageVersion("survival")), ": tests/golden/gen_zph.R")),
  cases = cases), "tests/golden/zph.json")
