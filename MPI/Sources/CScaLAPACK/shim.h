// Debian's ScaLAPACK (libscalapack-openmpi-dev) ships no C header: the prototypes of the few routines the
// dense path calls. BLACS's C interface (Cblacs_*) and the Fortran routines (trailing underscore, every
// argument by reference; gfortran passes the lengths of CHARACTER arguments as trailing size_t values).
#include <stddef.h>

void Cblacs_pinfo(int *mypnum, int *nprocs);
void Cblacs_get(int icontxt, int what, int *val);
void Cblacs_gridinit(int *icontxt, const char *order, int nprow, int npcol);
void Cblacs_gridinfo(int icontxt, int *nprow, int *npcol, int *myrow, int *mycol);
void Cblacs_gridexit(int icontxt);

int numroc_(const int *n, const int *nb, const int *iproc, const int *isrcproc, const int *nprocs);
void descinit_(int *desc, const int *m, const int *n, const int *mb, const int *nb, const int *irsrc,
               const int *icsrc, const int *ictxt, const int *lld, int *info);
void pdsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a, const int *ia,
              const int *ja, const int *desca, const double *vl, const double *vu, const int *il, const int *iu,
              int *m, int *nz, double *w, double *z, const int *iz, const int *jz, const int *descz,
              double *work, const int *lwork, int *iwork, const int *liwork, int *info, size_t jobz_len,
              size_t range_len, size_t uplo_len);
