/// The parts of GSL the toolkit uses. `gslcblas` is deliberately not linked: CBLAS must bind to OpenBLAS.
#ifndef SPECTRA_CGSL_SHIM_H
#define SPECTRA_CGSL_SHIM_H
#include <gsl/gsl_errno.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_version.h>

/// Swift 6 rejects GSL's global type objects as shared mutable state; these accessors return them.
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
/// Gauss–Hermite fixed-quadrature type (weight e^{-x^2}).
static inline const gsl_integration_fixed_type *cgsl_integration_fixed_hermite(void) {
  return gsl_integration_fixed_hermite;
}
/// The GSL version string.
static inline const char *cgsl_version(void) { return gsl_version; }
#endif
