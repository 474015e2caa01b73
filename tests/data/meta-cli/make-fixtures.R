# make-fixtures.R: writes the CSV fixtures of tests/cli/meta.bats and the
# numbers metafor gives for them (reference.tsv). Run from this folder:
#   Rscript make-fixtures.R
# The counts and means are metafor's dat.bcg and dat.normand1999; study
# names, DOIs (10.5555, reserved for examples) and everything else are
# invented. Zero-cell studies are made up.
suppressMessages(library(metafor))
options(digits = 15)
bcg <- dat.bcg
nrm <- dat.normand1999
rob <- c(random = "low", alternate = "some", systematic = "high")
countries <- c("Arcadia", "Borduria", "Carpania")
studies <- data.frame(
  key = c(sprintf("bcg-trial-%02d", bcg$trial), sprintf("stroke-unit-%02d", nrm$study),
          "zero-trial-a", "zero-trial-b", "zero-trial-c"),
  title = c(sprintf("Invented vaccine trial %d", bcg$trial), sprintf("Invented stroke unit study %d", nrm$study),
            "Invented zero-cell trial A", "Invented zero-cell trial B", "Invented zero-cell trial C"),
  authors = "Example A",
  journal = "J Invented Res",
  year = c(bcg$year, 1990 + nrm$study, 2001, 2002, 2003),
  doi = c(sprintf("10.5555/bcg.%02d", bcg$trial), sprintf("10.5555/stroke.%02d", nrm$study),
          "10.5555/zero.a", "10.5555/zero.b", "10.5555/zero.c"),
  design = "rct",
  country = c(countries[(bcg$trial %% 3) + 1], countries[(nrm$study %% 3) + 1], "Arcadia", "Arcadia", "Borduria"),
  risk_of_bias = c(rob[as.character(bcg$alloc)], rep("low", nrow(nrm)), "low", "some", "low"),
  status = "verified",
  stringsAsFactors = FALSE)
write.csv(studies, "studies.csv", row.names = FALSE, quote = TRUE, na = "")
claims <- data.frame(
  key = c("vaccine-rr", "vaccine-or", "vaccine-rd", "stroke-md", "stroke-smd", "zero-rr"),
  topics = "meta-cli",
  text = c("The vaccine prevents the disease (risk ratio).", "The vaccine prevents the disease (odds ratio).",
           "The vaccine prevents the disease (risk difference).", "Stroke units shorten the stay (mean difference).",
           "Stroke units shorten the stay (standardised).", "The drug prevents a rare event."),
  stringsAsFactors = FALSE)
write.csv(claims, "claims.csv", row.names = FALSE, quote = TRUE, na = "")
counts <- function(claim, measure) data.frame(claim = claim, study = sprintf("bcg-trial-%02d", bcg$trial),
  direction = "supports", outcome = "tb", measure = measure,
  events_treat = bcg$tpos, total_treat = bcg$tpos + bcg$tneg, events_control = bcg$cpos, total_control = bcg$cpos + bcg$cneg)
means <- function(claim, measure) data.frame(claim = claim, study = sprintf("stroke-unit-%02d", nrm$study),
  direction = "supports", outcome = "stay", measure = measure,
  total_treat = nrm$n1i, total_control = nrm$n2i, mean_treat = nrm$m1i, sd_treat = nrm$sd1i,
  mean_control = nrm$m2i, sd_control = nrm$sd2i)
zero <- data.frame(claim = "zero-rr", study = c("zero-trial-a", "zero-trial-b", "zero-trial-c"), direction = "supports",
  outcome = "event", measure = "RR", events_treat = c(0, 0, 4), total_treat = c(50, 40, 60),
  events_control = c(3, 0, 9), total_control = c(52, 41, 58))
cols <- c("claim", "study", "direction", "outcome", "measure", "estimate", "ci_low", "ci_high", "p_value", "n",
          "indirect", "notes", "events_treat", "total_treat", "events_control", "total_control", "mean_treat",
          "sd_treat", "mean_control", "sd_control")
fill <- function(d) { for (c in cols) if (is.null(d[[c]])) d[[c]] <- NA; d[cols] }
ev <- rbind(fill(counts("vaccine-rr", "RR")), fill(counts("vaccine-or", "OR")), fill(counts("vaccine-rd", "RD")),
            fill(means("stroke-md", "MD")), fill(means("stroke-smd", "SMD")), fill(zero))
write.csv(ev, "evidence.csv", row.names = FALSE, quote = FALSE, na = "")

# Reference numbers: name<TAB>value, one a line.
ref <- list()
put <- function(name, x) ref[[name]] <<- x
data_of <- function(m) {
  if (m %in% c("RR", "OR", "RD")) escalc(m, ai = tpos, n1i = tpos + tneg, ci = cpos, n2i = cpos + cneg, data = bcg)
  else escalc(m, m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = nrm)
}
for (m in c("RR", "OR", "RD", "MD", "SMD")) {
  d <- data_of(m)
  put(sprintf("%s.y1", m), d$yi[1]); put(sprintf("%s.v1", m), d$vi[1])
  for (method in c("DL", "REML", "PM", "FE")) for (test in c("z", "knha")) {
    if (method == "FE" && test == "knha") next
    r <- rma(yi, vi, data = d, method = method, test = test, control = list(threshold = 1e-12, tol = 1e-12, maxiter = 1000))
    p <- predict(r)
    k <- sprintf("%s.%s.%s", m, tolower(method), if (test == "z") "z" else "hksj")
    put(paste0(k, ".mu"), r$b[1]); put(paste0(k, ".se"), r$se); put(paste0(k, ".ci_lb"), r$ci.lb)
    put(paste0(k, ".ci_ub"), r$ci.ub); put(paste0(k, ".tau2"), r$tau2); put(paste0(k, ".i2"), r$I2)
    put(paste0(k, ".h2"), r$H2); put(paste0(k, ".q"), r$QE); put(paste0(k, ".q_p"), r$QEp)
    put(paste0(k, ".stat"), r$zval); put(paste0(k, ".p"), r$pval)
    put(paste0(k, ".pi_lb"), p$pi.lb); put(paste0(k, ".pi_ub"), p$pi.ub)
    # The Cochrane Handbook's interval: t with k - 2 degrees of freedom.
    # (Under the fixed-effect model there is no tau2 to predict with: the
    # interval is the CI, as metafor's predict gives it.)
    if (method == "FE") {
      put(paste0(k, ".pi_t_lb"), r$ci.lb); put(paste0(k, ".pi_t_ub"), r$ci.ub)
    } else {
      h <- qt(0.975, r$k - 2) * sqrt(r$se^2 + r$tau2)
      put(paste0(k, ".pi_t_lb"), r$b[1] - h); put(paste0(k, ".pi_t_ub"), r$b[1] + h)
    }
    if (method != "FE") {
      # tau2.max: metafor stops the search at 10 tau2 by default (">2054")
      ci <- confint(r, control = list(tol = 1e-12, tau2.max = 1e8))$random
      put(paste0(k, ".i2_lb"), ci["I^2(%)", "ci.lb"]); put(paste0(k, ".i2_ub"), ci["I^2(%)", "ci.ub"])
      put(paste0(k, ".tau2_lb"), ci["tau^2", "ci.lb"]); put(paste0(k, ".tau2_ub"), ci["tau^2", "ci.ub"])
    }
  }
  r <- rma(yi, vi, data = d, method = "DL")
  e <- regtest(r, model = "lm")
  co <- summary(e$fit)$coefficients
  # Egger's test: the coefficient of sei in yi ~ sei weighted by 1/vi
  # (the classic intercept of z on precision), and the limit estimate.
  put(sprintf("%s.egger.intercept", m), co[2, 1])
  put(sprintf("%s.egger.se", m), co[2, 2])
  put(sprintf("%s.egger.limit", m), co[1, 1])
  put(sprintf("%s.egger.stat", m), e$zval); put(sprintf("%s.egger.p", m), e$pval)
  tf <- trimfill(r)
  put(sprintf("%s.trimfill.k0", m), tf$k0); put(sprintf("%s.trimfill.mu", m), tf$b[1])
  l1 <- leave1out(r)
  put(sprintf("%s.loo1.mu", m), l1$estimate[1])
  yr <- if (m %in% c("RR", "OR", "RD")) bcg$year else 1990 + nrm$study
  cu <- cumul(r, order = yr)
  put(sprintf("%s.cumul.last.mu", m), cu$estimate[length(cu$estimate)])
}
z <- escalc("RR", ai = c(0, 4), n1i = c(50, 60), ci = c(3, 9), n2i = c(52, 58))
r <- rma(yi, vi, data = z, method = "DL")
put("zero.RR.dl.z.mu", r$b[1]); put("zero.RR.y1", z$yi[1]); put("zero.RR.v1", z$vi[1])
writeLines(sprintf("%s\t%.15g", names(ref), unlist(ref)), "reference.tsv")
