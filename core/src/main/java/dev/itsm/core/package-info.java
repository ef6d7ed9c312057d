/**
 * The ITSM domain shared by every module: records in {@link dev.itsm.core.model}, the JSON codec in
 * {@link dev.itsm.core.json} and deterministic ids in {@link dev.itsm.core.id}. No Flink here.
 */
package dev.itsm.core;
