// GCC 13's libstdc++ initialises the standard streams itself and marks every user of <iostream> with a
// reference to std::ios_base_library_init() (version GLIBCXX_3.4.32). TorchSharp's native library carries
// that reference, but Debian 12's libstdc++ (GCC 12) has no such symbol. This library defines it, and keeps
// the guarantee the symbol stands for: the streams are initialised before the library that needs them runs.
#include <ios>

namespace std
{
    void ios_base_library_init() {}
}

static std::ios_base::Init streams_initialised;
