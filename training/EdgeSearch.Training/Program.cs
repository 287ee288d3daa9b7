Console.Error.WriteLine("edgesearch-train: no commands yet");
return 2;
