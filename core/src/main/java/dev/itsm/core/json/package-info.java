/** The one JSON codec every module uses for the domain records. */
package dev.itsm.core.json;
