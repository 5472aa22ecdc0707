package org.ducklake.jdbc.flyway;

import java.io.IOException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParserContext;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.parser.PeekingReader;
import org.flywaydb.core.internal.parser.Token;
import org.flywaydb.core.internal.parser.TokenType;

/**
 * Splits migration scripts into DuckDB statements. On top of Flyway's standard SQL parser: DuckDB's
 * dollar-quoted strings ({@code $$…$$}, {@code $tag$…$tag$}), so a semicolon inside a macro body or a string
 * does not end the statement. A {@code $} followed by a digit ({@code $1}, a parameter) is not a quote.
 */
final class LakeScriptParser extends Parser {

    LakeScriptParser(Configuration configuration, ParsingContext parsingContext) {
        super(configuration, parsingContext, 3);
    }

    @Override
    protected char getAlternativeStringLiteralQuote() {
        return '$';
    }

    @Override
    protected boolean isAlternativeStringLiteral(String peek) {
        if (peek.length() < 2 || peek.charAt(0) != '$') {
            return false;
        }
        char next = peek.charAt(1);
        return next == '$' || next == '_' || Character.isLetter(next);
    }

    @Override
    protected Token handleAlternativeStringLiteral(
            PeekingReader reader, ParserContext context, int pos, int line, int col) throws IOException {
        String quote = (char) reader.read() + reader.readUntilIncluding('$');
        reader.swallowUntilExcluding(quote);
        reader.swallow(quote.length());
        return new Token(TokenType.STRING, pos, line, col, null, null, context.getParensDepth());
    }
}
