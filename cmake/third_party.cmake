# Header-only dependencies, all from Debian packages (see scripts/install-deps.sh).
#
# Natively they sit in /usr/include and need nothing. Under Emscripten /usr/include must never be
# on the include path (glibc headers would shadow Emscripten's libc), so each library's folder is
# linked into a private directory that alone is added with -isystem.
add_library(infant_all_third_party INTERFACE)

if(EMSCRIPTEN)
  set(_sysinc "${CMAKE_BINARY_DIR}/third_party_include")
  file(MAKE_DIRECTORY "${_sysinc}")
  foreach(_pair IN ITEMS
      "boost=/usr/include/boost"
      "Eigen=/usr/include/eigen3/Eigen"
      "nlohmann=/usr/include/nlohmann"
      "fast_float=/usr/include/fast_float"
      "doctest=/usr/include/doctest"
      "CLI=/usr/include/CLI")
    string(REPLACE "=" ";" _kv "${_pair}")
    list(GET _kv 0 _name)
    list(GET _kv 1 _target)
    if(NOT EXISTS "${_target}")
      message(FATAL_ERROR "missing ${_target}: run scripts/install-deps.sh")
    endif()
    if(NOT EXISTS "${_sysinc}/${_name}")
      file(CREATE_LINK "${_target}" "${_sysinc}/${_name}" SYMBOLIC)
    endif()
  endforeach()
  target_compile_options(infant_all_third_party INTERFACE "SHELL:-isystem ${_sysinc}")
else()
  find_package(Eigen3 3.3 REQUIRED NO_MODULE)
  target_link_libraries(infant_all_third_party INTERFACE Eigen3::Eigen)
  foreach(_hdr IN ITEMS boost/math/distributions/chi_squared.hpp nlohmann/json.hpp
                        fast_float/fast_float.h doctest/doctest.h CLI/CLI.hpp)
    find_path(_found_${_hdr} NAMES ${_hdr})
    if(NOT _found_${_hdr})
      message(FATAL_ERROR "missing header ${_hdr}: run scripts/install-deps.sh")
    endif()
  endforeach()
endif()

# Flags for every program that runs under node (tests, the CLI): Emscripten 3.1.6's async wasm
# fetch fails under node 20, so compile synchronously; NODERAWFS gives real file access.
# CLI11 and doctest report through C++ exceptions, which Emscripten does not catch by default.
set(INFANT_ALL_NODE_COMPILE_FLAGS -fexceptions)
set(INFANT_ALL_NODE_LINK_FLAGS -fexceptions -sENVIRONMENT=node -sWASM_ASYNC_COMPILATION=0
    -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sEXIT_RUNTIME=1)
