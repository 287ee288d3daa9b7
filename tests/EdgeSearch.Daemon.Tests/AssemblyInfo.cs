// Every in-process daemon run registers SIGHUP and SIGTERM handlers for the whole process, so a test that sends this
// process a signal would reach another test's daemon too: the test classes here run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
