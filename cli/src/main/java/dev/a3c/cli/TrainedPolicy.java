package dev.a3c.cli;

import dev.a3c.checkpoint.CheckpointFile;
import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.learning.normalization.ObservationStandardizer;
import dev.a3c.network.ActorCriticNetwork;
import java.nio.file.Path;

/**
 * A model file (final model or checkpoint) ready to play: its run's configuration, its network, and the standardizer
 * of its inputs (null for a run that did not standardize observations).
 */
record TrainedPolicy(TrainingConfig config, ActorCriticNetwork network, ObservationStandardizer standardizer) {

    static TrainedPolicy load(Path modelFile) {
        CheckpointFile.Contents contents = CheckpointFile.read(modelFile);
        TrainingConfig config = contents.state().config();
        ObservationMoments moments;
        try {
            moments = contents.state().inputMoments();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(modelFile + ": " + e.getMessage());
        }
        return new TrainedPolicy(config, ActorCriticNetwork.wrap(config.networkSpec(), contents.graph()),
                moments == null ? null : new ObservationStandardizer(moments));
    }
}
