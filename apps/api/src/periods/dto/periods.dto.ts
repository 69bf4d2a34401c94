import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min, NotEquals } from 'class-validator';
import { MONTH_KEY } from '../period-lock.js';

export class PayoutQueryDto {
  @ApiProperty({ example: '2026-10', description: 'A closed month, YYYY-MM' })
  @IsString()
  @Matches(MONTH_KEY, { message: 'period must be a month YYYY-MM' })
  period: string;
}

export class PayoutLineBodyDto {
  @ApiProperty({
    example: -50000,
    description: 'Integer minor units of the payout currency; negative to deduct',
  })
  @Type(() => Number)
  @IsInt()
  @NotEquals(0)
  @Min(-Number.MAX_SAFE_INTEGER)
  @Max(Number.MAX_SAFE_INTEGER)
  amount: number;

  @ApiProperty({ example: 'Double-booked demo in October', description: 'Why; required' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}
