// zlib, for the search index's compressed files (Debian zlib1g-dev). The module map's
// header is looked up beside the map, so a shim includes the system header.
#include <zlib.h>
