namespace NegSampling.Models;

public enum ModelKind { Cbow, SkipGram }
