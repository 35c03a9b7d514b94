using Huayang.Gis.Cli;

return await HuayangCli.RunAsync(args, Console.Out, Console.Error);
