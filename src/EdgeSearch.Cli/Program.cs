Console.Error.WriteLine("edgesearch: no commands yet");
return 2;
