/// LAPACKE (C interface to LAPACK; the LAPACK routines themselves bind to libopenblas).
#ifndef SPECTRA_CLAPACKE_SHIM_H
#define SPECTRA_CLAPACKE_SHIM_H
#include <lapacke.h>

/// `lapack_int` is a macro, which Swift does not import; this typedef makes it visible.
typedef lapack_int clapacke_int;

/// The stages of LAPACK's two-stage tridiagonal reduction, which LAPACKE does not wrap: the Fortran
/// symbols themselves (gfortran calling convention: every argument by reference, one hidden `size_t`
/// length per CHARACTER argument at the end; INTEGER and LOGICAL are 32-bit). `libopenblas` exports them.
///
/// Dense symmetric → band of half-bandwidth `kd` (stage 1, BLAS-3).
void dsytrd_sy2sb_(const char *uplo, const int *n, const int *kd, double *a, const int *lda, double *ab,
                   const int *ldab, double *tau, double *work, const int *lwork, int *info, size_t uplo_len);
/// Band → symmetric tridiagonal by bulge chasing (stage 2, sequential in a build without OpenMP).
void dsytrd_sb2st_(const char *stage1, const char *vect, const char *uplo, const int *n, const int *kd,
                   double *ab, const int *ldab, double *d, double *e, double *hous, const int *lhous,
                   double *work, const int *lwork, int *info, size_t stage1_len, size_t vect_len,
                   size_t uplo_len);
/// LAPACK's tuning inquiry for the two-stage routines (the half-bandwidth kd of stage 1).
int ilaenv2stage_(const int *ispec, const char *name, const char *opts, const int *n1, const int *n2,
                  const int *n3, const int *n4, size_t name_len, size_t opts_len);
#endif

