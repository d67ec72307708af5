// The module map's header is looked up beside the map, so a shim includes the
// system header from the include path that pkg-config gives.
#include <cmark.h>
