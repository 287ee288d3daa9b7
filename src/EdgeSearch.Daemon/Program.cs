using EdgeSearch.Daemon;
using EdgeSearch.Daemon.Systemd;

return await DaemonProgram.RunAsync(args, SystemdEnvironment.FromProcess(), Console.Error);
