using FaceActors.Host.Cli;

return await FaceActorsCli.Build().Parse(args).InvokeAsync();
