# Golden values for the joint tests of Cox terms and the interaction terms
# (core/src/stats/cox_joint_test.cpp, model_matrix.cpp): the fit with A:B terms (names, coef,
# var, loglik), the joint Wald test b_S' solve(V_SS) b_S and the likelihood-ratio test
# anova(reduced, full) of sets of terms, and the Wald test of every multi-column or interaction
# term. Sourced by tests/golden/generate.R (survival loaded, json_writer.R sourced, seed
# 20261124). Each case carries its input in gen_cox.R's shape (time, status, entry or null,
# covariates [{name, type, values, reference}] in R's term order, an interaction as
# {name: "A:B", type: "interaction", of: ["A", "B"]}, strata or null, ties) and what R returned.

# Wald test of the estimated columns `cols` (names) of fit: b' solve(V) b, V = vcov(fit), which
# leaves NA coefficients out.
wald_of <- function(fit, cols) {
  if (length(cols) == 0) return(list(stat = scalar(NA_real_), df = scalar(0), p = scalar(NA_real_)))
  b <- coef(fit)[cols]
  v <- vcov(fit)[cols, cols, drop = FALSE]
  w <- drop(t(b) %*% solve(v) %*% b)
  list(stat = scalar(w), df = scalar(length(cols)),
       p = scalar(pchisq(w, length(cols), lower.tail = FALSE)))
}

# The columns of the terms `terms` in fit (estimated and NA).
columns_of <- function(fit, terms) {
  idx <- sort(unlist(fit$assign[terms]))
  nm <- names(coef(fit))[idx]
  list(est = nm[!is.na(coef(fit)[nm])], na = nm[is.na(coef(fit)[nm])])
}

joint_case <- function(name, data, time, status, numeric = character(0),
                       categorical = character(0), reference = list(), interactions = list(),
                       strata = NULL, ties = "efron", joint = list(), order = NULL) {
  d <- data
  if (!is.null(order)) d <- d[order, , drop = FALSE]
  main <- c(numeric, categorical)
  covs <- list()
  rhs <- c()
  for (v in main) {
    if (v %in% categorical) {
      d[[v]] <- as.character(d[[v]])
      ref <- if (!is.null(reference[[v]])) reference[[v]] else ""
      if (ref != "") d[[v]] <- relevel(factor(d[[v]]), ref)
      covs[[length(covs) + 1]] <- list(name = scalar(v), type = scalar("categorical"),
                                       values = as.character(d[[v]]), reference = scalar(ref))
    } else {
      covs[[length(covs) + 1]] <- list(name = scalar(v), type = scalar("numeric"),
                                       values = as.double(d[[v]]), reference = scalar(""))
    }
    rhs <- c(rhs, v)
  }
  for (ab in interactions) {
    ab <- ab[order(match(ab, main))]  # R's label: variables in order of appearance
    covs[[length(covs) + 1]] <- list(name = scalar(paste(ab, collapse = ":")),
                                     type = scalar("interaction"), of = ab)
    rhs <- c(rhs, paste(ab, collapse = ":"))
  }
  rhs_f <- rhs
  if (!is.null(strata)) rhs_f <- c(rhs_f, paste0("strata(", strata, ")"))
  lhs <- paste0("Surv(", time, ", ", status, ")")
  f <- as.formula(paste0(lhs, " ~ ", paste(rhs_f, collapse = " + ")))
  fit <- coxph(f, data = d, ties = ties)
  stopifnot(identical(names(fit$assign), rhs))
  used <- d[rownames(model.frame(fit)), , drop = FALSE]  # the rows the fit used (for anova)

  tests <- lapply(joint, function(S) {
    cols <- columns_of(fit, S)
    keep <- setdiff(rhs, S)
    marginal <- any(vapply(keep, function(k) {
      parts <- strsplit(k, ":")[[1]]
      length(parts) > 1 && any(parts %in% S)
    }, logical(1)))
    if (length(keep) == 0) {
      red <- coxph(as.formula(paste0(lhs, " ~ 1", if (!is.null(strata))
        paste0(" + strata(", strata, ")") else "")), data = used, ties = ties)
      ll_red <- red$loglik[1]
      chisq <- 2 * (fit$loglik[2] - ll_red)
      df <- sum(!is.na(coef(fit)))
      r_lr <- "2 * diff(c(reduced$loglik[1], fit$loglik[2]))"
    } else if (marginal) {
      # A main effect dropped while its interaction stays: the model matrix without its columns.
      X <- model.matrix(fit)
      Xr <- X[, setdiff(colnames(X), unlist(columns_of(fit, S))), drop = FALSE]
      sdat <- used
      sdat$.Xr <- Xr
      fr <- paste0(lhs, " ~ .Xr", if (!is.null(strata)) paste0(" + strata(", strata, ")") else "")
      red <- coxph(as.formula(fr), data = sdat, ties = ties)
      ll_red <- red$loglik[2]
      chisq <- 2 * (fit$loglik[2] - ll_red)
      df <- sum(!is.na(coef(fit))) - sum(!is.na(coef(red)))
      r_lr <- "coxph(Surv ~ model.matrix(fit)[, -S]); 2 * diff(loglik)"
    } else {
      fr <- paste0(lhs, " ~ ", paste(c(keep, if (!is.null(strata))
        paste0("strata(", strata, ")")), collapse = " + "))
      red <- coxph(as.formula(fr), data = used, ties = ties)
      a <- anova(red, fit)
      ll_red <- red$loglik[2]
      chisq <- a$Chisq[2]
      df <- a$Df[2]
      r_lr <- paste0("anova(coxph(", fr, "), fit)")
    }
    list(terms = S, columns = cols$est, dropped = cols$na,
         wald = wald_of(fit, cols$est),
         lr = list(stat = scalar(chisq), df = scalar(df),
                   p = scalar(pchisq(chisq, df, lower.tail = FALSE))),
         loglik_reduced = scalar(ll_red), r_lr = scalar(r_lr))
  })

  term_tests <- list()
  for (lab in names(fit$assign)) {
    if (length(fit$assign[[lab]]) < 2 && !grepl(":", lab, fixed = TRUE)) next
    cols <- columns_of(fit, lab)
    term_tests[[length(term_tests) + 1]] <- list(term = scalar(lab), columns = cols$est,
                                                 dropped = cols$na, wald = wald_of(fit, cols$est))
  }
  cf <- coef(fit)
  list(
    name = scalar(name),
    r_call = scalar(paste0("coxph(", deparse1(f), ", ties = \"", ties, "\")")),
    ties = scalar(ties),
    time = as.double(d[[time]]),
    entry = NULL,
    status = as.double(d[[status]]),
    covariates = covs,
    strata = if (is.null(strata)) NULL else as.character(d[[strata]]),
    expected = list(
      names = names(cf), coef = unname(cf), var = unname(fit$var),
      loglik = fit$loglik, n = scalar(fit$n),
      joint_tests = tests, term_tests = term_tests,
      # cox.zph groups the columns by term, an interaction its own term.
      zph = {
        tbl <- cox.zph(fit)$table
        lapply(seq_len(nrow(tbl)), function(i) list(term = scalar(rownames(tbl)[i]),
                                                  chisq = scalar(tbl[i, "chisq"]),
                                                  df = scalar(tbl[i, "df"])))
      })
  )
}

lung2 <- lung
lung2$status <- lung2$status - 1
lung2$ecog <- as.character(lung2$ph.ecog)
lung2$sex_c <- ifelse(lung2$sex == 1, "male", "female")
lung2$age_copy <- lung2$age
vet <- veteran
vet$celltype <- as.character(vet$celltype)
vet$prior_c <- ifelse(vet$prior == 10, "yes", "no")

cases <- list(
  joint_case("lung_ecog", lung2, "time", "status", numeric = c("age", "sex"),
             categorical = "ecog", joint = list("ecog", c("age", "sex"))),
  joint_case("veteran_interactions", vet, "time", "status", numeric = c("trt", "karno"),
             categorical = "celltype",
             interactions = list(c("trt", "celltype"), c("karno", "trt")),
             joint = list("celltype", "trt:celltype", c("trt:celltype", "trt:karno"), "trt"),
             order = sample(nrow(vet))),
  joint_case("veteran_factor_by_factor_strata", vet, "time", "status", numeric = "karno",
             categorical = c("celltype", "prior_c"), reference = list(celltype = "squamous"),
             interactions = list(c("celltype", "prior_c")), strata = "trt",
             joint = list("celltype:prior_c", c("celltype", "prior_c", "celltype:prior_c"))),
  joint_case("lung_breslow", lung2, "time", "status", numeric = "age",
             categorical = c("sex_c", "ecog"), interactions = list(c("age", "sex_c")),
             ties = "breslow",
             joint = list(c("ecog", "age:sex_c"), c("age", "sex_c", "ecog", "age:sex_c"))),
  joint_case("lung_singular", lung2, "time", "status", numeric = c("age", "sex", "age_copy"),
             joint = list(c("age", "age_copy"), "sex"))
)
write_golden(cases, file.path(here, "joint.json"))
