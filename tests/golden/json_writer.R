# Minimal JSON writer for golden files: every double printed with %.17g so the C++ tests read
# back R's exact binary value. NA/NaN -> null, +-Inf -> "Inf"/"-Inf" strings (JSON has no inf;
# tests/test_util.h reads them back). Named lists -> objects, unnamed lists -> arrays, atomic
# vectors -> arrays (always, even of length 1, unless wrapped in scalar()).
scalar <- function(x) structure(x, class = c("golden_scalar", class(x)))

.num <- function(v) {
  ifelse(is.na(v), "null",
    ifelse(is.infinite(v), ifelse(v > 0, "\"Inf\"", "\"-Inf\""), sprintf("%.17g", v)))
}

.atom <- function(v) {
  if (is.logical(v)) return(ifelse(is.na(v), "null", ifelse(v, "true", "false")))
  if (is.numeric(v)) return(.num(as.double(v)))
  v <- as.character(v)
  ifelse(is.na(v), "null", paste0("\"", gsub("\"", "\\\\\"", gsub("\\\\", "\\\\\\\\", v)), "\""))
}

to_json <- function(x) {
  if (inherits(x, "golden_scalar")) return(.atom(unclass(x))[1])
  if (is.factor(x)) x <- as.character(x)
  if (is.list(x)) {
    parts <- vapply(x, to_json, character(1))
    if (!is.null(names(x)) && all(names(x) != "")) {
      return(paste0("{", paste0("\"", names(x), "\":", parts, collapse = ","), "}"))
    }
    return(paste0("[", paste(parts, collapse = ","), "]"))
  }
  if (is.matrix(x)) {
    rows <- lapply(seq_len(nrow(x)), function(i) x[i, ])
    return(to_json(rows))
  }
  paste0("[", paste(.atom(x), collapse = ","), "]")
}

write_golden <- function(x, file) {
  writeLines(to_json(x), file)
  message("wrote ", file)
}
