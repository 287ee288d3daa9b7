using EdgeSearch.Core.Model.Onnx;
using Google.Protobuf;

namespace EdgeSearch.Core.Tests;

public class OnnxTypesTests
{
    [Fact]
    public void ModelRoundTripsThroughProtobuf()
    {
        var model = new ModelProto { IrVersion = 10, Graph = new GraphProto { Name = "g" } };
        model.MetadataProps.Add(new StringStringEntryProto { Key = "edgesearch.format", Value = "1" });
        var back = ModelProto.Parser.ParseFrom(model.ToByteArray());
        Assert.Equal("g", back.Graph.Name);
        Assert.Equal("1", back.MetadataProps.Single().Value);
    }
}
