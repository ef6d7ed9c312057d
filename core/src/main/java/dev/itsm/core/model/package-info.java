/**
 * Domain records. They are serialised two ways and both constrain their shape:
 * <ul>
 *   <li>as JSON whose field names follow the Elastic Common Schema where ECS has the field ({@code @timestamp},
 *       {@code event.*}, {@code host.*}, {@code service.*}, {@code rule.name}, {@code labels}, {@code error.*}) and
 *       a project namespace otherwise ({@code alert.*}, {@code incident.*}, {@code ci.*}, ...);</li>
 *   <li>by Flink's record serializer, without Kryo: components are only String, primitives (boxed when nullable),
 *       {@link java.time.Instant}, enums, {@code List<String>}, {@code Map<String,String>}, {@code byte[]} and
 *       other records of this package. No Duration (use millis), no Optional, no Object.</li>
 * </ul>
 * Compact constructors validate (a broken record fails where it is built, with a message naming the record and
 * the component) and copy collections into immutable ones ({@code null} becomes empty). Because Flink and Jackson
 * both go through the canonical constructor, that validation also guards every deserialisation.
 */
package dev.itsm.core.model;
