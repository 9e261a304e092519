using FaceActors.Host.Cli;
using FaceActors.Host.Hosting;
using Spectre.Console;

ProcessMemory.Manage();

// Redirected output has no terminal width; Spectre would wrap at 80 columns and split paths mid-word
// for anyone piping or logging the output.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240;

return await FaceActorsCli.Build().Parse(args).InvokeAsync();
