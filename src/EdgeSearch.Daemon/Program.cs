Console.Error.WriteLine("edgesearchd: not implemented yet");
return 2;
