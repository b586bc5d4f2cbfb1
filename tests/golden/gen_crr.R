# Golden values for Fine-Gray regression (core/src/stats/fine_gray.cpp): cmprsk::crr and
# cmprsk:::predict.crr. Sourced by tests/golden/generate.R (survival, cmprsk and json_writer.R
# loaded, seed 20261124). Writes tests/golden/crr.json: {cases: [...]}, each case with its input
# (time, status with NA -> null, covariates [{name, type numeric|categorical, values,
# reference}], failcode, cencode) and what crr returned. The design is model.matrix(~ ...)[, -1]
# on character columns (levels in sort order, relevel() for a chosen reference), the engine's
# convention; coefficient names are its colnames.
#   iter: crr does not return it; it is the smallest maxiter for which crr converges (the fit
#         is deterministic, so crr(maxiter = m) stops at the same step).
#   p: 2 * pnorm(-|z|), summary.crr's p-value before its signif() rounding.
#   predict[i]: predict(fit, cov1 = x) for the design row x, given also as named values.
# Tests compare at 1e-6 relative.

crr_case <- function(name, data, time, status, numeric = character(0),
                     categorical = character(0), reference = list(), failcode = 1,
                     cencode = 0, predict = list()) {
  d <- data
  covs <- list()
  for (v in c(numeric, categorical)) {
    if (v %in% categorical) {
      col <- as.character(d[[v]])
      ref <- if (!is.null(reference[[v]])) reference[[v]] else ""
      d[[v]] <- if (ref != "") relevel(factor(col), ref = ref) else factor(col)
      covs[[length(covs) + 1]] <- list(name = scalar(v), type = scalar("categorical"),
                                       values = col, reference = scalar(ref))
    } else {
      covs[[length(covs) + 1]] <- list(name = scalar(v), type = scalar("numeric"),
                                       values = as.double(d[[v]]), reference = scalar(""))
    }
  }
  f <- as.formula(paste("~", paste(paste0("`", c(numeric, categorical), "`"), collapse = " + ")))
  mf <- model.frame(f, d, na.action = na.pass)
  x <- model.matrix(f, mf)[, -1, drop = FALSE]
  ftime <- d[[time]]
  fstatus <- d[[status]]
  fit <- suppressMessages(capture.output(
    z <- crr(ftime, fstatus, cov1 = x, failcode = failcode, cencode = cencode)))
  fit <- z
  iter <- NA
  for (m in 0:10) {
    capture.output(zm <- crr(ftime, fstatus, cov1 = x, failcode = failcode, cencode = cencode,
                             maxiter = m))
    if (zm$converged) {
      iter <- m
      break
    }
  }
  s <- summary(fit)
  se <- sqrt(diag(fit$var))
  b <- fit$coef
  zz <- b / se
  terms <- lapply(seq_along(b), function(i) list(
    name = scalar(names(b)[i]), coef = scalar(b[[i]]), se = scalar(se[[i]]),
    shr = scalar(exp(b[[i]])), lower = scalar(s$conf.int[i, 3]), upper = scalar(s$conf.int[i, 4]),
    z = scalar(zz[[i]]), p = scalar(2 * pnorm(-abs(zz[[i]])))))
  pred <- lapply(predict, function(values) {
    nd <- d[1, , drop = FALSE]
    for (v in names(values)) {
      nd[[v]] <- if (v %in% categorical) factor(values[[v]], levels = levels(d[[v]]))
                 else values[[v]]
    }
    xr <- model.matrix(f, model.frame(f, nd))[, -1]
    pr <- predict(fit, cov1 = xr)
    list(values = lapply(values, function(v) scalar(v)), x = unname(xr),
         time = unname(pr[, 1]), cif = unname(pr[, 2]))
  })
  list(
    name = scalar(name),
    r_call = scalar(paste0("crr(", time, ", ", status, ", cov1 = model.matrix(", deparse1(f),
                           ")[, -1], failcode = ", failcode, ", cencode = ", cencode, ")")),
    time = as.double(ftime), status = as.double(fstatus), covariates = covs,
    failcode = scalar(failcode), cencode = scalar(cencode),
    expected = list(
      n = scalar(fit$n), n_missing = scalar(fit$n.missing),
      excluded_rows = as.double(which(!complete.cases(data.frame(ftime, fstatus, x)))),
      names = names(b), terms = terms, var = fit$var, invinf = fit$invinf,
      score = as.double(fit$score), loglik = scalar(fit$loglik),
      loglik_null = scalar(fit$loglik.null),
      lr = scalar(s$logtest[["test"]]), converged = scalar(fit$converged), iter = scalar(iter),
      events = scalar(sum(fstatus[complete.cases(data.frame(ftime, fstatus, x))] == failcode)),
      uftime = as.double(fit$uftime), bfitj = as.double(fit$bfitj)),
    predict = pred)
}

cases <- list()
add <- function(x) cases[[length(cases) + 1]] <<- x

# 1. survival::mgus2: progression (1) vs death without progression (2), months, many ties.
m <- survival::mgus2
m$etime <- ifelse(m$pstat == 0, m$futime, m$ptime)
m$event <- ifelse(m$pstat == 0, 2 * m$death, 1)
add(crr_case("mgus2_age_sex", m, "etime", "event", numeric = "age", categorical = "sex",
             predict = list(list(age = 70, sex = "F"), list(age = 60, sex = "M"))))
# ... death without progression as the cause of interest, mspike with 11 NA rows excluded.
add(crr_case("mgus2_death_mspike", m, "etime", "event", numeric = c("age", "mspike"),
             categorical = "sex", failcode = 2,
             predict = list(list(age = 65, mspike = 1.2, sex = "M"))))

# 2. Simulated cohort: whole-month times (ties within and across causes), a 3-level factor with
#    a chosen reference, cencode 9 and two competing codes (2, 3), a few NA.
set.seed(31)
n <- 300
grp <- sample(c("a", "b", "c"), n, replace = TRUE)
wbc <- round(rlnorm(n, 3, 1), 1)
rate <- 0.02 * exp(0.5 * (grp == "b") - 0.4 * (grp == "c") + 0.01 * wbc)
tt <- pmax(1, ceiling(rexp(n, rate)))
cens <- ceiling(runif(n, 10, 120))
cause <- sample(1:3, n, replace = TRUE, prob = c(.5, .3, .2))
st <- ifelse(tt <= cens, cause, 9)
tt <- pmin(tt, cens)
sim <- data.frame(time = tt, status = st, grp = grp, wbc = wbc)
sim$time[7] <- NA
sim$status[12] <- NA
sim$grp[20] <- NA
add(crr_case("sim_ties_factor3", sim, "time", "status", numeric = "wbc", categorical = "grp",
             reference = list(grp = "b"), cencode = 9,
             predict = list(list(wbc = 20, grp = "a"), list(wbc = 5, grp = "c"))))

# 3. cmprsk's help-page example (?crr), cov1 only.
set.seed(10)
ftime <- rexp(200)
fstatus <- sample(0:2, 200, replace = TRUE)
cov <- matrix(runif(600), nrow = 200)
ex <- data.frame(ftime = ftime, fstatus = fstatus, x1 = cov[, 1], x2 = cov[, 2], x3 = cov[, 3])
add(crr_case("cmprsk_example", ex, "ftime", "fstatus", numeric = c("x1", "x2", "x3"),
             predict = list(list(x1 = .5, x2 = .5, x3 = .5), list(x1 = .2, x2 = .9, x3 = .1))))
add(crr_case("cmprsk_example_failcode2", ex, "ftime", "fstatus", numeric = c("x1", "x2", "x3"),
             failcode = 2))

# 4. One binary covariate only (0/1 numeric), heavy ties on a coarse grid.
set.seed(41)
n <- 150
trt <- rbinom(n, 1, 0.5)
bt <- sample(1:12, n, replace = TRUE)
bs <- sample(0:2, n, replace = TRUE, prob = c(.3, .4, .3))
bs[trt == 1 & bs == 1 & runif(n) < .4] <- 2
add(crr_case("binary_only", data.frame(time = bt, status = bs, trt = trt), "time", "status",
             numeric = "trt", predict = list(list(trt = 0), list(trt = 1))))

# 5. Hand-sized, unsorted, ties between every kind of row, a censoring and an event at time 0.
hand <- data.frame(time = c(4, 2, 6, 2, 5, 3, 0, 3, 6, 2, 0, 5, 1, 4),
                   status = c(1, 2, 0, 1, 1, 0, 0, 1, 2, 0, 1, 2, 2, 1),
                   x = c(0.5, -1, 2, 0, 1.5, -0.5, 1, 0.2, -1.2, 0.8, -0.3, 0.1, 1.1, -0.7),
                   g = c("u", "v", "u", "v", "v", "u", "u", "v", "u", "v", "v", "u", "v", "u"))
add(crr_case("hand_ties_time0", hand, "time", "status", numeric = "x", categorical = "g",
             predict = list(list(x = 0, g = "v"))))

# 6. No competing events (cmprsk's example with cause 2 made censored): the subdistribution
#    risk set is then the ordinary one, so crr is coxph with Breslow ties, and its sandwich
#    variance is coxph's robust one (Lin & Wei 1989). Both recorded for the identity test.
ex0 <- ex
ex0$fstatus[ex0$fstatus == 2] <- 0
nc <- crr_case("no_competing", ex0, "ftime", "fstatus", numeric = c("x1", "x2"))
cx <- coxph(Surv(ftime, fstatus) ~ x1 + x2, data = ex0, ties = "breslow", robust = TRUE)
nc$coxph <- list(coef = unname(coef(cx)), robust_se = unname(sqrt(diag(cx$var))),
                 loglik = cx$loglik)
add(nc)

write_golden(list(cases = cases), "tests/golden/crr.json")
