# One way to register a cmocka test binary with CTest, shared by the library's, the collectors'
# and the daemon's tests: as it is, or under valgrind memcheck (SA_VALGRIND) where any error or
# leak fails it. The test is named after the binary's module; its cmocka group carries the same
# name (cmocka_run_group_tests_name), by which the build reads each group's XML report.
if(SA_VALGRIND)
    find_program(VALGRIND valgrind REQUIRED)
endif()

function(sa_register_cmocka_test name target)
    if(SA_VALGRIND)
        add_test(NAME ${name} COMMAND ${VALGRIND} --quiet --leak-check=full --show-leak-kinds=all
                 --errors-for-leak-kinds=all --error-exitcode=99 $<TARGET_FILE:${target}>)
    else()
        add_test(NAME ${name} COMMAND ${target})
    endif()
endfunction()
