# Toolchain for 32-bit ARM Linux (armhf) on an x86-64 Debian host: clang --target
# arm-linux-gnueabihf with the armhf cross libc and libgcc (libc6-dev-armhf-cross,
# libgcc-12-dev-armhf-cross), binutils-arm-linux-gnueabihf, and the armhf multiarch libraries
# (libcmocka-dev:armhf, libmosquitto-dev:armhf, libssl-dev:armhf) that build.sh installs.
# Not gcc-arm-linux-gnueabihf: on Debian 12 it conflicts with gcc-multilib, which the i386
# build needs. CTest runs the test binaries under qemu-user (qemu-arm).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR armv7l)
set(CMAKE_C_COMPILER clang)
set(CMAKE_C_COMPILER_TARGET arm-linux-gnueabihf)
set(CMAKE_LIBRARY_ARCHITECTURE arm-linux-gnueabihf)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-arm;-L;/usr/arm-linux-gnueabihf)
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/arm-linux-gnueabihf/pkgconfig:/usr/share/pkgconfig")
