using System.CommandLine;
using OmeSim.Cli;
using Serilog;
using Serilog.Events;

Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Information()
    .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
    .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}", standardErrorFromLevel: LogEventLevel.Verbose)
    .CreateLogger();

var root = new RootCommand("OmeSim: a Dell OpenManage Enterprise appliance (REST, certificates, real TLS, migration checks) in one process.");
ServeCommand.AddOptions(root);
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ControlCommands.Health());
root.Subcommands.Add(ControlCommands.Provision());
root.Subcommands.Add(ControlCommands.Ca());
var exit = await root.Parse(args).InvokeAsync();
await Log.CloseAndFlushAsync();
return exit;
