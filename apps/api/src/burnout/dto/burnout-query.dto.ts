import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The window of local days (org time zone), both inclusive. */
export class BurnoutWindowDto {
  @ApiPropertyOptional({
    description: 'First local day, YYYY-MM-DD (default: 13 days before `to`)',
    example: '2026-11-09',
  })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a local date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last local day, YYYY-MM-DD (default: today)', example: '2026-11-22' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a local date YYYY-MM-DD' })
  to?: string;
}

export class BurnoutQueryDto extends BurnoutWindowDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this team' })
  @IsOptional()
  @IsUUID()
  team?: string;
}
